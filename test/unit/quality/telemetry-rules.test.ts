/**
 * Telemetry cleaning rules on tiny fixtures: a seed-format plant's clock-sampled telemetry
 * (int_telemetry__readings: °F days per machine and state, spikes against robust statistics,
 * spellings, nulls, plant-local day) and the widget topics' late rule (int_widgets__telemetry: a
 * clock drifted across midnight is not a late reading; a reading that arrives after a day of newer
 * ones is).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chicagoPlant, type FixtureRow, type Harness, harness, problems } from '../models/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await chicagoPlant(h);
});
afterEach(async () => h.close());

const f = (c: number) => Math.round(c * 1800 + 32000) / 1000;

/** A telemetry.jsonl reading; `at` is local wall clock in America/Chicago (UTC−06:00 in December). */
function reading(
  machine: string,
  at: string,
  state: string,
  m: Partial<Record<string, number | null>>,
): FixtureRow {
  return {
    machine_id: machine,
    timestamp: `${at}-06:00`,
    state,
    temperature_c: m.t ?? null,
    pressure_bar: m.p ?? null,
    vibration_mm_s: m.v ?? null,
    power_kw: m.w ?? null,
    energy_kwh: m.e ?? null,
    efficiency_percent: m.eff ?? null,
  };
}

const hot = [1301.25, 1288.5, 1310.04, 1295.77, 1305.1, 1299.99, 1292.4, 1307.7];
const cold = [401.5, 388.25, 410.1, 395.75, 405.3, 399.9];

/** One day of PRESS-01: eight producing readings, then six idle ones, a minute apart from 08:00. */
function day(date: string, temp: (c: number) => number, machine = 'PRESS-01'): FixtureRow[] {
  const at = (i: number) => `${date}T08:${String(i).padStart(2, '0')}:00`;
  return [
    ...hot.map((t, i) =>
      reading(machine, at(i), 'producing', { t: temp(t), p: 2, v: 3, w: 8.64, e: 0.024, eff: 96 }),
    ),
    ...cold.map((t, i) =>
      reading(machine, at(hot.length + i), 'idle', { t: temp(t), p: 1, v: 0.4, w: 0, e: 0, eff: 0 }),
    ),
  ];
}

interface Row {
  ord: number;
  d: string;
  machine_id: string;
  conv: boolean;
  t: number | null;
  raw: number | null;
  outliers: string;
  nulls: number;
  late: boolean;
}

async function readings(day: string): Promise<Row[]> {
  return h.query<Row>(
    `SELECT _ordinal::INTEGER AS ord, event_date::VARCHAR AS d, machine_id, is_fahrenheit AS conv,
            temperature_c AS t, temperature_raw AS raw, null_measures::INTEGER AS nulls, is_late AS late,
            concat_ws(',', CASE WHEN is_temperature_outlier THEN 'temperature' END,
              CASE WHEN is_pressure_outlier THEN 'pressure' END, CASE WHEN is_vibration_outlier THEN 'vibration' END,
              CASE WHEN is_power_outlier THEN 'power' END, CASE WHEN is_energy_outlier THEN 'energy' END,
              CASE WHEN is_efficiency_outlier THEN 'efficiency' END) AS outliers
     FROM silver.int_telemetry__readings WHERE _logical_date = DATE '${day}' ORDER BY _ordinal`,
  );
}

describe('int_telemetry__readings', () => {
  it('converts a day written in °F back to the exact °C, state by state, and leaves °C days alone', async () => {
    await h.land(
      'telemetry',
      '2025-12-01',
      day('2025-12-01', (c) => c),
      'telemetry.jsonl',
    );
    await h.land(
      'telemetry',
      '2025-12-02',
      day('2025-12-02', (c) => c + 2),
      'telemetry.jsonl',
    );
    await h.land('telemetry', '2025-12-03', day('2025-12-03', f), 'telemetry.jsonl');
    expect(problems(await h.build(['+int_telemetry__readings']))).toEqual([]);
    const d2 = await readings('2025-12-02');
    expect(d2.every((r) => !r.conv && r.t === r.raw)).toBe(true);
    const d3 = await readings('2025-12-03');
    expect(d3.every((r) => r.conv && r.d === '2025-12-03')).toBe(true);
    expect(d3.map((r) => r.t)).toEqual([...hot, ...cold]);
    expect(d3.every((r) => r.outliers === '')).toBe(true);
  });

  it('gives the same answer built drop by drop (incremental) as all at once', async () => {
    await h.land(
      'telemetry',
      '2025-12-01',
      day('2025-12-01', (c) => c),
      'telemetry.jsonl',
    );
    expect(problems(await h.build(['+int_telemetry__readings']))).toEqual([]);
    await h.land('telemetry', '2025-12-02', day('2025-12-02', f), 'telemetry.jsonl');
    const second = await h.build(['+int_telemetry__readings']);
    expect(problems(second)).toEqual([]);
    expect(second.models.find((m) => m.model === 'int_telemetry__readings')?.mode).toBe('incremental');
    const d2 = await readings('2025-12-02');
    expect(d2.map((r) => [r.conv, r.t])).toEqual([...hot, ...cold].map((c) => [true, c]));
    expect((await readings('2025-12-01')).every((r) => !r.conv)).toBe(true);
  });

  it('flags spikes and impossible negatives, not partial steps or idle zeros, and counts nulls', async () => {
    await h.land(
      'telemetry',
      '2025-12-01',
      day('2025-12-01', (c) => c),
      'telemetry.jsonl',
    );
    const d = day('2025-12-02', (c) => c);
    d[1] = { ...d[1], pressure_bar: 9.5 }; // ×4.75 a producing pressure
    d[2] = { ...d[2], energy_kwh: 0.012, power_kw: 4.32 }; // a step only half inside a run: not a spike
    d[3] = { ...d[3], energy_kwh: 0.168 }; // ×7
    d[4] = { ...d[4], temperature_c: -4501.2 }; // a flipped sign
    d[9] = { ...d[9], temperature_c: 1650.4 }; // ×4 an idle temperature (a producing level is no spike)
    d[10] = { ...d[10], vibration_mm_s: -0.4 };
    d[11] = { ...d[11], pressure_bar: null, energy_kwh: null };
    await h.land('telemetry', '2025-12-02', d, 'telemetry.jsonl');
    expect(problems(await h.build(['+int_telemetry__readings']))).toEqual([]);
    const r = await readings('2025-12-02');
    expect(r.filter((x) => x.outliers !== '').map((x) => [x.ord, x.outliers])).toEqual([
      [2, 'pressure'],
      [4, 'energy'],
      [5, 'temperature'],
      [10, 'temperature'],
      [11, 'vibration'],
    ]);
    expect(r.filter((x) => x.nulls > 0).map((x) => [x.ord, x.nulls])).toEqual([[12, 2]]);
  });

  it('resolves spellings and takes the plant-local day of the instant, flagging what came late', async () => {
    await h.land(
      'telemetry',
      '2025-12-02',
      [
        reading('Press #1', '2025-12-02T00:00:10', 'idle', { t: 400 }),
        reading('NO-SUCH-MACHINE', '2025-12-02T00:00:20', 'idle', { t: 400 }),
        {
          ...reading('PRESS-01', '2025-12-01T23:59:00', 'idle', { t: 400 }),
          timestamp: '2025-12-02T05:59:00Z',
        },
      ],
      'telemetry.jsonl',
    );
    expect(problems(await h.build(['+int_telemetry__readings']))).toEqual([]);
    const r = await readings('2025-12-02');
    expect(r.map((x) => [x.machine_id, x.d, x.late])).toEqual([
      ['PRESS-01', '2025-12-02', false],
      [null, '2025-12-02', false],
      ['PRESS-01', '2025-12-01', true],
    ]);
  });
});

/** A machine-telemetry topic record as the widget plant writes it (naive plant-local time). */
function topic(at: string, temperature = 40): FixtureRow {
  return {
    machine_id: 'PRESS-01',
    machine_type: 'press',
    timestamp: at,
    status: 'running',
    metrics: JSON.stringify({
      temperature_celsius: temperature,
      vibration_level: 1.2,
      power_consumption_watts: 900,
      cycle_count: 3,
      efficiency_percent: 95,
    }),
    location: JSON.stringify({ building: 'A', floor: 1, line: 'L1' }),
  };
}

describe('int_widgets__telemetry late rule (watermark)', () => {
  it('keeps a reading drifted before midnight at the head of the drop on time and flags one that came a day late', async () => {
    await h.land(
      'machine_telemetry',
      '2025-12-02',
      [
        topic('2025-12-02T00:00:00.000000'),
        topic('2025-12-01T23:59:41.000000'), // the 00:01 reading, its clock 79 s slow
        topic('2025-12-02T00:02:00.000000'),
        topic('2025-12-02T23:59:00.000000'),
        topic('2025-12-01T23:58:00.000000'), // yesterday's, delivered after today's readings
      ],
      'machine-telemetry.jsonl',
    );
    expect(problems(await h.build(['+int_widgets__telemetry']))).toEqual([]);
    const r = await h.query<{ d: string; late: boolean }>(
      `SELECT event_date::VARCHAR AS d, is_late AS late FROM silver.int_widgets__telemetry ORDER BY _ordinal`,
    );
    expect(r.map((x) => [x.d, x.late])).toEqual([
      ['2025-12-02', false],
      ['2025-12-01', false],
      ['2025-12-02', false],
      ['2025-12-02', false],
      ['2025-12-01', true],
    ]);
  });
});
