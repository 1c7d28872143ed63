import { describe, expect, it } from 'vitest';
import { localDate, localDayBounds, localToUtc } from '../../../src/contracts/plant-time.ts';
import { TimestampFormatter } from '../../../src/sim/time/format.ts';

const H = 3_600_000;

describe('plant-local time', () => {
  it('cuts Phoenix days at local midnight, 24 h, no DST', () => {
    const { start, end } = localDayBounds('America/Phoenix', '2025-07-01');
    expect(new Date(start).toISOString()).toBe('2025-07-01T07:00:00.000Z');
    expect(end - start).toBe(24 * H);
  });

  it('has 23- and 25-hour days across DST in Chicago', () => {
    const spring = localDayBounds('America/Chicago', '2026-03-08');
    const fall = localDayBounds('America/Chicago', '2025-11-02');
    expect(spring.end - spring.start).toBe(23 * H);
    expect(fall.end - fall.start).toBe(25 * H);
  });

  it('maps wall times to instants, taking the first of a repeated hour and skipping a missing one', () => {
    expect(new Date(localToUtc('America/Chicago', '2025-11-02', 90)).toISOString()).toBe(
      '2025-11-02T06:30:00.000Z',
    );
    // 02:30 does not exist on spring-forward day: it lands after the gap.
    expect(new Date(localToUtc('America/Chicago', '2026-03-08', 150)).toISOString()).toBe(
      '2026-03-08T08:30:00.000Z',
    );
  });

  it('formats naive, micro and offset timestamps', () => {
    const f = new TimestampFormatter('America/Phoenix');
    const t = Date.parse('2025-12-01T13:25:40.123Z');
    expect(f.naive(t)).toBe('2025-12-01T06:25:40');
    expect(f.naiveMicros(t)).toBe('2025-12-01T06:25:40.123000');
    expect(f.withOffset(t)).toBe('2025-12-01T06:25:40.123-07:00');
    expect(f.withOffset(Date.parse('2025-12-01T13:25:40Z'))).toBe('2025-12-01T06:25:40-07:00');
    expect(localDate('America/Phoenix', Date.parse('2025-12-02T06:59:59Z'))).toBe('2025-12-01');
  });

  it('formats across a DST change with the offset in force', () => {
    const f = new TimestampFormatter('America/Chicago');
    expect(f.withOffset(Date.parse('2025-11-02T06:30:00Z'))).toBe('2025-11-02T01:30:00-05:00');
    expect(f.withOffset(Date.parse('2025-11-02T07:30:00Z'))).toBe('2025-11-02T01:30:00-06:00');
  });

  it('names the local day of every instant the same as formatting it would, across zones and DST', () => {
    const zones = ['America/Chicago', 'America/Phoenix', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
    const formats = zones.map((z) => new Intl.DateTimeFormat('en-CA', { timeZone: z, dateStyle: 'short' }));
    // Every 7 minutes for 10 days around the fall-back change, zones interleaved (day names are cached).
    const start = Date.parse('2025-10-29T00:00:00Z');
    for (let t = start; t < start + 10 * 24 * H; t += 7 * 60_000) {
      zones.forEach((zone, i) => {
        expect(localDate(zone, t)).toBe(formats[i]?.format(t));
      });
    }
  });
});
