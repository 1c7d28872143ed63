/**
 * Days and shifts cut in plant time, DST-aware (America/Chicago, shifts A 06–14, B 14–22, C 22–06):
 * the calendar segments and machine state intervals cut at midnight and shift boundaries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chicagoPlant, type Harness, harness, problems } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await chicagoPlant(h);
});
afterEach(async () => h.close());

const state = (s: string, start: string, end: string) => ({
  machine_id: 'PRESS-01',
  state: s,
  start_time: start,
  end_time: end,
  reason: null,
});

describe('plant-local days and shifts', () => {
  it('gives the fall-back day 25 hours and the spring-forward day 23, shift by shift', async () => {
    await h.land('machine_states', '2025-11-02', [
      state('idle', '2025-11-02T00:00:00-05:00', '2025-11-02T00:10:00-05:00'),
    ]);
    await h.land('machine_states', '2026-03-08', [
      state('idle', '2026-03-08T00:00:00-06:00', '2026-03-08T00:10:00-06:00'),
    ]);
    const s = await h.build(['+int_shift_segments']);
    expect(problems(s)).toEqual([]);
    const r = await h.query<{ d: string; shift_id: string | null; secs: number }>(
      `SELECT event_date::VARCHAR AS d, shift_id, sum(epoch(end_at - start_at)) AS secs
       FROM silver.int_shift_segments WHERE event_date IN ('2025-11-02', '2026-03-08')
       GROUP BY ALL ORDER BY 1, 2`,
    );
    expect(r).toEqual([
      { d: '2025-11-02', shift_id: 'A', secs: 28800 },
      { d: '2025-11-02', shift_id: 'B', secs: 28800 },
      { d: '2025-11-02', shift_id: 'C', secs: 32400 }, // 00:00–06:00 holds the repeated hour
      { d: '2026-03-08', shift_id: 'A', secs: 28800 },
      { d: '2026-03-08', shift_id: 'B', secs: 28800 },
      { d: '2026-03-08', shift_id: 'C', secs: 25200 }, // 00:00–06:00 lost an hour
    ]);
  });

  it('cuts state intervals at shift boundaries and maps states to ISO 22400 time elements', async () => {
    await h.land('machine_states', '2025-11-02', [
      // 00:00 CDT → 06:30 CST spans the fall-back: 7.5 hours, C then A
      state('off_shift', '2025-11-02T00:00:00-05:00', '2025-11-02T06:30:00-06:00'),
      state('producing', '2025-11-02T06:30:00-06:00', '2025-11-02T14:10:00-06:00'),
      state('failed', '2025-11-02T14:10:00-06:00', '2025-11-02T23:30:00-06:00'),
    ]);
    const s = await h.build(['+fct_machine_state']);
    expect(problems(s)).toEqual([]);
    const r = await h.query<Record<string, unknown>>(
      `SELECT state, shift_id, time_element AS el, duration_s AS s, shift_date::VARCHAR AS sd
       FROM gold.fct_machine_state ORDER BY start_at`,
    );
    expect(r).toEqual([
      { state: 'off_shift', shift_id: 'C', el: 'none', s: 25200, sd: '2025-11-01' },
      { state: 'off_shift', shift_id: 'A', el: 'none', s: 1800, sd: '2025-11-02' },
      { state: 'producing', shift_id: 'A', el: 'apt', s: 27000, sd: '2025-11-02' },
      { state: 'producing', shift_id: 'B', el: 'apt', s: 600, sd: '2025-11-02' },
      { state: 'failed', shift_id: 'B', el: 'down', s: 28200, sd: '2025-11-02' },
      { state: 'failed', shift_id: 'C', el: 'down', s: 5400, sd: '2025-11-02' },
    ]);
    const [total] = await h.query<{ s: number }>('SELECT sum(duration_s) AS s FROM gold.fct_machine_state');
    expect(total?.s).toBe(25200 + 1800 + 27000 + 600 + 28200 + 5400);
  });

  it('builds an SCD2 machine dimension from daily master-data snapshots', async () => {
    const m = (day: string, line: string) => ({
      snapshot_date: day,
      machine_id: 'PRESS-01',
      machine_name: 'Press #1',
      machine_type: 'Press',
      factory_id: 'MEGA-WORKS',
      output_product: 'Iron Plate',
      ideal_rate_units_per_hour: '60',
      energy_kwh_per_unit: '0.115',
      installed_on: '2024-01-01',
      line_id: line,
      last_overhaul_on: null,
    });
    for (const [d, line] of [
      ['2025-12-01', 'L1'],
      ['2025-12-02', 'L1'],
      ['2025-12-03', 'L2'],
      ['2025-12-04', 'L2'],
    ] as const)
      await h.land('machine_master', d, [m(d, line)]);
    const s = await h.build(['+dim_machine']);
    expect(problems(s)).toEqual([]);
    const r = await h.query<Record<string, unknown>>(
      `SELECT machine_id, line_id, valid_from::VARCHAR AS f, valid_to::VARCHAR AS t, is_current
       FROM gold.dim_machine ORDER BY machine_id, valid_from`,
    );
    expect(r).toEqual([
      { machine_id: 'PRESS-01', line_id: 'L1', f: '2025-12-01', t: '2025-12-03', is_current: false },
      { machine_id: 'PRESS-01', line_id: 'L2', f: '2025-12-03', t: null, is_current: true },
      // known only from reference/machines.csv: one version for all time
      { machine_id: 'PRESS-02', line_id: null, f: null, t: null, is_current: true },
    ]);
  });
});
