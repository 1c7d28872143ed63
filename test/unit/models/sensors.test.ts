/**
 * Cleaning rules of sensor readings on tiny fixtures: °F days converted back exactly, outliers
 * flagged and kept out of averages, nulls counted, drifted readings outside every batch window
 * flagged, plant-local → UTC and hours on a DST day.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batch, chicagoPlant, type FixtureRow, type Harness, harness, problems } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await chicagoPlant(h);
});
afterEach(async () => h.close());

const reading = (
  machine: string,
  ts: string,
  t: number | null,
  p: number | null = 2,
  e: number | null = 1,
  eff: number | null = 95,
): FixtureRow => ({
  machine_id: machine,
  timestamp: ts,
  temperature: t,
  pressure: p,
  energy_kwh: e,
  efficiency_percent: eff,
});

/** A day of readings of PRESS-01 with temperatures around 1300 °C, one every 10 minutes from 08:00. */
function day(date: string, temps: number[]): FixtureRow[] {
  return temps.map((t, i) =>
    reading(
      'PRESS-01',
      `${date}T${String(8 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}:00`,
      t,
    ),
  );
}
const celsius = [1301.25, 1288.5, 1310.04, 1295.77, 1305.1, 1299.99];
const f = (c: number) => Math.round(c * 1800 + 32000) / 1000;

describe('int_sensor_readings', () => {
  it('converts a day written in °F back to the exact °C and leaves °C days alone', async () => {
    await h.land('sensor_logs', '2025-12-01', day('2025-12-01', celsius));
    await h.land(
      'sensor_logs',
      '2025-12-02',
      day(
        '2025-12-02',
        celsius.map((c) => c + 3),
      ),
    );
    await h.land('sensor_logs', '2025-12-03', day('2025-12-03', celsius.map(f)));
    const s = await h.build(['+int_sensor_readings']);
    expect(problems(s)).toEqual([]);
    const r = await h.query<{ d: string; conv: boolean; t: number; raw: number }>(
      `SELECT event_date::VARCHAR AS d, is_fahrenheit_day AS conv, temperature_c AS t, temperature_raw AS raw
       FROM silver.int_sensor_readings ORDER BY reading_local`,
    );
    expect(r.filter((x) => x.d === '2025-12-03').map((x) => x.t)).toEqual(celsius);
    expect(r.filter((x) => x.d === '2025-12-03').every((x) => x.conv)).toBe(true);
    expect(r.filter((x) => x.d !== '2025-12-03').every((x) => !x.conv && x.t === x.raw)).toBe(true);
  });

  it('flags spikes and impossible negatives, keeps them out of the clean columns and the hourly averages', async () => {
    const rows = day('2025-12-01', [...celsius, ...celsius]);
    (rows[3] as FixtureRow).temperature = 1295.77 * 7.5; // spike
    (rows[5] as FixtureRow).pressure = -2; // sign flip
    (rows[7] as FixtureRow).temperature = null; // sensor_null
    await h.land('sensor_logs', '2025-12-01', rows);
    await h.land('production_batches', '2025-12-01', [
      batch('B1', 'PRESS-01', '2025-12-01T07:55:00', '2025-12-01T10:00:00'),
    ]);
    const s = await h.build(['+fct_sensor_hourly']);
    expect(problems(s)).toEqual([]);
    const flagged = await h.query<Record<string, unknown>>(
      `SELECT _ordinal, is_temperature_outlier AS t, is_pressure_outlier AS p, null_measures AS n, temperature_c_clean IS NULL AS tc_null
       FROM silver.int_sensor_readings WHERE is_outlier OR null_measures > 0 ORDER BY _ordinal`,
    );
    expect(flagged).toEqual([
      { _ordinal: '4', t: true, p: false, n: 0, tc_null: true },
      { _ordinal: '6', t: false, p: true, n: 0, tc_null: false },
      { _ordinal: '8', t: false, p: false, n: 1, tc_null: true },
    ]);
    const [hour8] = await h.query<Record<string, unknown>>(
      `SELECT readings, outlier_readings, temperature_nulls, temperature_n, round(temperature_c_avg, 4) AS avg
       FROM gold.fct_sensor_hourly ORDER BY hour_start_at LIMIT 1`,
    );
    const clean = celsius.filter((_, i) => i !== 3);
    expect(hour8).toEqual({
      readings: '6',
      outlier_readings: '2',
      temperature_nulls: '0',
      temperature_n: '5',
      avg: Math.round((clean.reduce((a, b) => a + b, 0) / clean.length) * 1e4) / 1e4,
    });
  });

  it('keeps drifted readings and flags those more than 5 minutes outside every batch of the machine', async () => {
    await h.land('production_batches', '2025-12-01', [
      batch('B1', 'PRESS-01', '2025-12-01T08:00:00', '2025-12-01T09:00:00'),
    ]);
    await h.land('sensor_logs', '2025-12-01', [
      reading('PRESS-01', '2025-12-01T08:30:00', 1300),
      reading('PRESS-01', '2025-12-01T09:04:00', 1300), // drifted 4 min past the end: inside the tolerance
      reading('PRESS-01', '2025-12-01T09:06:00', 1300), // 6 min past: flagged
      reading('press_01', '2025-12-01T07:40:00', 1300), // 20 min early, spelled differently
    ]);
    await h.build(['+int_sensor_readings']);
    const r = await h.query<{ o: boolean; m: string }>(
      'SELECT is_outside_batch_window AS o, machine_id AS m FROM silver.int_sensor_readings ORDER BY _ordinal',
    );
    expect(r).toEqual([
      { o: false, m: 'PRESS-01' },
      { o: false, m: 'PRESS-01' },
      { o: true, m: 'PRESS-01' },
      { o: true, m: 'PRESS-01' },
    ]);
  });

  it('cuts hours in plant time on the fall-back day: the UTC start of a plant hour follows the offset change', async () => {
    await h.land('sensor_logs', '2025-11-02', [
      reading('PRESS-01', '2025-11-02T00:30:00', 1300),
      reading('PRESS-01', '2025-11-02T23:30:00', 1300),
    ]);
    // 00:30 is CDT (UTC−5), 23:30 is CST (UTC−6): both plant hours start at 05:00 UTC, a day apart
    await h.build(['+fct_sensor_hourly']);
    const r = await h.query<Record<string, unknown>>(
      `SELECT event_date::VARCHAR AS d, strftime(hour_start_at, '%Y-%m-%dT%H:%MZ') AS h, strftime(hour_local, '%H:%M') AS l
       FROM gold.fct_sensor_hourly ORDER BY hour_start_at`,
    );
    expect(r).toEqual([
      { d: '2025-11-02', h: '2025-11-02T05:00Z', l: '00:00' },
      { d: '2025-11-02', h: '2025-11-03T05:00Z', l: '23:00' },
    ]);
  });
});
