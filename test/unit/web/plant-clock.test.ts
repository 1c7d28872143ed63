/**
 * The dashboard's plant clock (web/src/plant-clock.ts): plant-local time from the zone through Intl,
 * so a DST switch makes a 23- or 25-hour day and the clock reads the wall time after it (a fixed
 * offset would be an hour off). Phoenix, the demo plant, has no DST: its days stay 24 hours.
 */
import { describe, expect, it } from 'vitest';
import {
  dayLengthS,
  midnightMs,
  plantClockText,
  secondsIntoDay,
  wallSeconds,
} from '../../../web/src/plant-clock.ts';

describe('plant clock', () => {
  it('finds the instant of plant-local midnight in any zone', () => {
    expect(new Date(midnightMs('2025-12-03', 'America/Phoenix')).toISOString()).toBe(
      '2025-12-03T07:00:00.000Z',
    );
    expect(new Date(midnightMs('2025-07-01', 'Europe/Berlin')).toISOString()).toBe(
      '2025-06-30T22:00:00.000Z',
    );
    expect(new Date(midnightMs('2025-01-01', 'Europe/Berlin')).toISOString()).toBe(
      '2024-12-31T23:00:00.000Z',
    );
    expect(new Date(midnightMs('2025-03-10', 'Asia/Kolkata')).toISOString()).toBe('2025-03-09T18:30:00.000Z');
    expect(new Date(midnightMs('2025-12-03', null)).toISOString()).toBe('2025-12-03T00:00:00.000Z');
  });

  it('makes DST days 23 and 25 hours long, and leaves Phoenix at 24', () => {
    expect(dayLengthS('2025-03-30', 'Europe/Berlin')).toBe(23 * 3600);
    expect(dayLengthS('2025-10-26', 'Europe/Berlin')).toBe(25 * 3600);
    expect(dayLengthS('2025-03-09', 'America/New_York')).toBe(23 * 3600);
    expect(dayLengthS('2025-11-02', 'America/New_York')).toBe(25 * 3600);
    expect(dayLengthS('2025-03-09', 'America/Phoenix')).toBe(24 * 3600);
    expect(dayLengthS('2025-11-02', 'America/Phoenix')).toBe(24 * 3600);
  });

  it('reads the wall time after a switch, not elapsed time as a fixed offset would', () => {
    // Berlin, 30 March 2025: 02:00 jumps to 03:00. Three elapsed hours after midnight read 04:00.
    expect(plantClockText('2025-03-30', 'Europe/Berlin', 3 * 3600)).toBe('04:00');
    expect(plantClockText('2025-03-30', 'Europe/Berlin', 3600 + 59 * 60)).toBe('01:59');
    expect(plantClockText('2025-03-30', 'Europe/Berlin', 23 * 3600 - 1)).toBe('23:59');
    // 26 October: 03:00 falls back to 02:00; three elapsed hours read 02:00 (the second one).
    expect(plantClockText('2025-10-26', 'Europe/Berlin', 3 * 3600)).toBe('02:00');
    expect(plantClockText('2025-10-26', 'Europe/Berlin', 25 * 3600 - 1)).toBe('23:59');
    expect(wallSeconds('2025-10-26', 'Europe/Berlin', 4 * 3600)).toBe(3 * 3600);
    // Phoenix: elapsed time is the wall time all year.
    for (const day of ['2025-03-09', '2025-11-02', '2025-12-03'])
      expect(plantClockText(day, 'America/Phoenix', 13 * 3600 + 30 * 60)).toBe('13:30');
    expect(plantClockText(null, 'America/Phoenix', 0)).toBe('--:--');
  });

  it('places an instant in its day as elapsed seconds, consistent with the wall time shown', () => {
    const at = '2025-03-30T02:30:00Z'; // 04:30 in Berlin, 3.5 elapsed hours after midnight
    const s = secondsIntoDay(at, '2025-03-30', 'Europe/Berlin');
    expect(s).toBe(3.5 * 3600);
    expect(plantClockText('2025-03-30', 'Europe/Berlin', s)).toBe('04:30');
  });
});
