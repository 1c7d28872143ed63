/** The types that change values in place: spellings, nulls, spikes, clocks, zones, units. */
import { describe, expect, it } from 'vitest';
import { chaosSchema } from '../../../src/config/chaos-schema.ts';
import { fahrenheitMachines, toFahrenheit } from '../../../src/sim/chaos/unit-change.ts';
import { getPath } from '../../../src/sim/output/table.ts';
import {
  batches,
  byName,
  entriesOf,
  MACHINES,
  machineMaster,
  nearRate,
  oneDay,
  qcChecks,
  sensorLogs,
  widgetTelemetry,
} from './fixtures.ts';

const cfg = (x: unknown) => chaosSchema.parse(x);
const N = 3000;

describe('product_name_spelling', () => {
  it('misspells the share of batch rows and records clean and dirty names', () => {
    const { clean, tables } = oneDay(cfg({ product_name_spelling: { rate: 0.3 } }), (d) => [batches(d, N)]);
    const t = tables[0]!;
    const entries = entriesOf(t);
    expect(nearRate(entries.length, N, 0.3)).toBe(true);
    const cleanRows = clean[0]!.rows;
    t.rows.forEach((row, i) => {
      const was = cleanRows[i]!;
      const e = t.meta.get(row)?.ledger ?? [];
      if (e.length === 0) {
        expect(row).toEqual(was);
        return;
      }
      expect(e).toEqual([
        {
          type: 'product_name_spelling',
          source: 'production_batches',
          record_key: was.batch_id,
          field: 'product_name',
          clean_value: was.product_name,
          dirty_value: row.product_name,
          event_date: '2025-12-01',
        },
      ]);
      expect(row.product_name).not.toBe(was.product_name);
      expect({ ...row, product_name: was.product_name }).toEqual(was);
    });
  });
});

describe('machine_id_spelling', () => {
  it('hits every table with a machine except the master and state files', () => {
    const { tables } = oneDay(cfg({ machine_id_spelling: { rate: 0.2 } }), (d) => [
      batches(d, N),
      sensorLogs(d, N),
      machineMaster(d),
    ]);
    for (const name of ['production_batches', 'sensor_logs']) {
      const entries = entriesOf(byName(tables, name));
      expect(nearRate(entries.length, N, 0.2)).toBe(true);
      for (const e of entries) {
        expect(MACHINES).toContain(e.clean_value);
        expect(MACHINES).not.toContain(e.dirty_value);
      }
    }
    expect(entriesOf(byName(tables, 'machine_master'))).toEqual([]);
    // sensor_logs keys use the machine id: the key is the clean record's.
    for (const e of entriesOf(byName(tables, 'sensor_logs')))
      expect(e.record_key.startsWith(`${e.clean_value}@`)).toBe(true);
  });

  it('only hits the configured sources', () => {
    const { tables } = oneDay(cfg({ machine_id_spelling: { rate: 0.5, sources: ['sensor_logs'] } }), (d) => [
      batches(d, 100),
      sensorLogs(d, 100),
    ]);
    expect(entriesOf(byName(tables, 'production_batches'))).toEqual([]);
    expect(entriesOf(byName(tables, 'sensor_logs')).length).toBeGreaterThan(0);
  });
});

describe('sensor_null', () => {
  it('nulls each measure independently at the rate', () => {
    const { clean, tables } = oneDay(cfg({ sensor_null: { rate: 0.075 } }), (d) => [
      sensorLogs(d, N),
      batches(d, 50),
    ]);
    const t = byName(tables, 'sensor_logs');
    const entries = entriesOf(t);
    const numeric = clean[0]!.rows.reduce(
      (n, r) =>
        n +
        ['temperature', 'pressure', 'energy_kwh', 'efficiency_percent'].filter((f) => r[f] !== null).length,
      0,
    );
    expect(nearRate(entries.length, numeric, 0.075)).toBe(true);
    t.rows.forEach((row, i) => {
      for (const e of t.meta.get(row)?.ledger ?? []) {
        expect(e.dirty_value).toBeNull();
        expect(e.clean_value).toBe(clean[0]!.rows[i]![e.field as string]);
        expect(row[e.field as string]).toBeNull();
      }
    });
    expect(entriesOf(byName(tables, 'production_batches'))).toEqual([]);
  });

  it('reaches nested measures by dotted path without touching shared objects', () => {
    const { clean, tables } = oneDay(cfg({ sensor_null: { rate: 0.2 } }), (d) => [widgetTelemetry(d, 1000)]);
    const t = tables[0]!;
    const entries = entriesOf(t);
    expect(nearRate(entries.length, 3000, 0.2)).toBe(true);
    for (const e of entries) expect(e.field?.startsWith('metrics.')).toBe(true);
    const row = t.rows.find((r) => t.meta.has(r))!;
    const e = t.meta.get(row)!.ledger[0]!;
    expect(getPath(row, e.field!)).toBeNull();
    expect(clean[0]!.rows.some((r) => getPath(r, e.field!) === null)).toBe(false);
  });
});

describe('outlier', () => {
  it('spikes measures by 3–10× (or the negative) and records each field', () => {
    const { tables } = oneDay(cfg({ outlier: { rate: 0.05 } }), (d) => [sensorLogs(d, N)]);
    const t = tables[0]!;
    const entries = entriesOf(t);
    expect(nearRate(entries.length, N * 4 - N / 50, 0.05)).toBe(true);
    let negative = 0;
    for (const row of t.rows) {
      for (const e of t.meta.get(row)?.ledger ?? []) {
        const ratio = (e.dirty_value as number) / (e.clean_value as number);
        expect(Math.abs(ratio)).toBeGreaterThanOrEqual(2.9);
        expect(Math.abs(ratio)).toBeLessThanOrEqual(10.1);
        if (ratio < 0) negative++;
        expect(row[e.field as string]).toBe(e.dirty_value);
      }
    }
    expect(nearRate(negative, entries.length, 0.5)).toBe(true);
  });
});

describe('timestamp_drift', () => {
  it('moves event times by a non-zero whole number of seconds within ±max, keeping the text style', () => {
    const { clean, tables } = oneDay(cfg({ timestamp_drift: { rate: 0.5, max_seconds: 300 } }), (d) => [
      sensorLogs(d, N),
      widgetTelemetry(d, 100),
    ]);
    const t = byName(tables, 'sensor_logs');
    const entries = entriesOf(t);
    expect(nearRate(entries.length, N, 0.5)).toBe(true);
    t.rows.forEach((row, i) => {
      const e = t.meta.get(row)?.ledger[0];
      if (!e) return;
      const shift = (Date.parse(`${e.dirty_value}Z`) - Date.parse(`${e.clean_value}Z`)) / 1000;
      expect(Number.isInteger(shift) && shift !== 0 && Math.abs(shift) <= 300).toBe(true);
      expect(e.clean_value).toBe(clean[0]!.rows[i]!.timestamp);
      expect(e.record_key).toBe(`${row.machine_id}@${e.clean_value}`);
      expect(String(e.dirty_value)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    });
    // Defaults: seed format → sensor_logs only.
    expect(entriesOf(byName(tables, 'machine-telemetry'))).toEqual([]);
  });
});

describe('timezone_mix', () => {
  it('writes every naive timestamp of a chosen row as naive UTC (Phoenix +7 h)', () => {
    const { clean, tables } = oneDay(cfg({ timezone_mix: { rate: 0.3 } }), (d) => [
      qcChecks(d, N),
      batches(d, 20),
    ]);
    const t = byName(tables, 'qc_checks');
    const entries = entriesOf(t);
    expect(nearRate(entries.length, N, 0.3)).toBe(true);
    for (const e of entries) {
      expect(Date.parse(`${e.dirty_value}Z`) - Date.parse(`${e.clean_value}Z`)).toBe(7 * 3600_000);
      expect(e.field).toBe('check_timestamp');
    }
    expect(entriesOf(byName(tables, 'production_batches'))).toEqual([]);
    expect(clean[0]!.rows.length).toBe(t.rows.length);
  });
});

describe('unit_change', () => {
  it('picks ceil(rate × machines) machines once per run', () => {
    expect(fahrenheitMachines(7, MACHINES, 0.34).size).toBe(2);
    expect(fahrenheitMachines(7, MACHINES, 0.01).size).toBe(1);
    expect(fahrenheitMachines(7, MACHINES, 0).size).toBe(0);
    expect([...fahrenheitMachines(7, MACHINES, 0.34)]).toEqual([...fahrenheitMachines(7, MACHINES, 0.34)]);
  });

  it('writes those machines’ temperatures in °F from from_day on; nulls stay null', () => {
    const config = cfg({ unit_change: { rate: 0.34, from_day: 12 } });
    expect(entriesOf(oneDay(config, (d) => [sensorLogs(d, 300)], 11).tables[0]!)).toEqual([]);
    const { clean, tables } = oneDay(config, (d) => [sensorLogs(d, 300)], 12);
    const chosen = fahrenheitMachines(7, MACHINES, 0.34);
    const t = tables[0]!;
    t.rows.forEach((row, i) => {
      const was = clean[0]!.rows[i]!;
      const e = t.meta.get(row)?.ledger ?? [];
      if (was.temperature === null || !chosen.has(String(was.machine_id))) {
        expect(e).toEqual([]);
        return;
      }
      expect(e).toHaveLength(1);
      expect(e[0]!.clean_value).toBe(was.temperature);
      expect(e[0]!.dirty_value).toBe(toFahrenheit(was.temperature as number));
      expect(row.temperature).toBe(e[0]!.dirty_value);
    });
    expect(toFahrenheit(1250.25)).toBe(2282.45);
    // Exact both ways: back to °C at 2 decimals gives the clean value.
    expect(Math.round(((toFahrenheit(1250.27) - 32) / 1.8) * 100) / 100).toBe(1250.27);
  });
});
