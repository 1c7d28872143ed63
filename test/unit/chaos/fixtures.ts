/** Synthetic tables shaped like the sinks' (seed and widget formats), for chaos tests. */
import type { ChaosConfig } from '../../../src/config/chaos-schema.ts';
import type { LedgerEntry } from '../../../src/contracts/ledger.ts';
import { addDays } from '../../../src/contracts/plant-time.ts';
import { ChaosRunner } from '../../../src/sim/chaos/runner.ts';
import type { PlantFormat } from '../../../src/sim/chaos/types.ts';
import type { PendingLedgerEntry, Row, SourceTable } from '../../../src/sim/output/table.ts';

export const ZONE = 'America/Phoenix';
export const START = '2025-12-01';
export const MACHINES = ['SMELTER-01', 'SMELTER-02', 'ASSEMBLER-01'];
export const PRODUCTS = ['Iron Plate', 'Gear Wheel'];
export const WIDGET_MACHINES = ['FRAME_MACHINE_01', 'PCB_ASSEMBLER_02', 'ASSEMBLY_STATION_A'];

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Naive plant-local text `seconds` after 06:00 on `date`. */
export function naive(date: string, seconds: number): string {
  return new Date(Date.parse(`${date}T06:00:00Z`) + seconds * 1000).toISOString().slice(0, 19);
}

function table(partial: Omit<SourceTable, 'meta'>): SourceTable {
  return { ...partial, meta: new Map() };
}

export function batches(date: string, n: number): SourceTable {
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const machine = MACHINES[i % 3] as string;
    rows.push({
      batch_id: `${machine}_${date.replaceAll('-', '')}_${pad(i + 1, 4)}`,
      machine_id: machine,
      product_name: machine.startsWith('SMELTER') ? 'Iron Plate' : 'Gear Wheel',
      start_time: naive(date, i * 10),
      end_time: naive(date, i * 10 + 5),
      units_produced: 50 + (i % 40),
      units_defective: i % 3,
    });
  }
  return table({
    source: 'production_batches',
    file: 'production_batches.csv',
    format: 'csv',
    columns: [
      'batch_id',
      'machine_id',
      'product_name',
      'start_time',
      'end_time',
      'units_produced',
      'units_defective',
    ],
    rows,
    date,
    roles: {
      machine: 'machine_id',
      product: 'product_name',
      naiveTimestamps: ['start_time', 'end_time'],
      eventTime: 'start_time',
    },
    keyOf: (r) => String(r.batch_id),
  });
}

export function sensorLogs(date: string, n: number): SourceTable {
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const machine = MACHINES[i % 3] as string;
    rows.push({
      machine_id: machine,
      timestamp: naive(date, i * 7),
      temperature: i % 50 === 0 ? null : 1200 + (i % 200) + 0.25,
      pressure: 1.5 + (i % 10) / 10,
      energy_kwh: 0.5 + (i % 7) / 100,
      efficiency_percent: 95.5,
    });
  }
  return table({
    source: 'sensor_logs',
    file: 'sensor_logs.json',
    format: 'json-array',
    columns: ['machine_id', 'timestamp', 'temperature', 'pressure', 'energy_kwh', 'efficiency_percent'],
    rows,
    date,
    roles: {
      machine: 'machine_id',
      measures: ['temperature', 'pressure', 'energy_kwh', 'efficiency_percent'],
      temperatureC: 'temperature',
      naiveTimestamps: ['timestamp'],
      eventTime: 'timestamp',
    },
    keyOf: (r) => `${r.machine_id}@${r.timestamp}`,
  });
}

export function qcChecks(date: string, n: number): SourceTable {
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      check_id: `QC_${date.replaceAll('-', '')}_${pad(i + 1, 4)}`,
      batch_id: `SMELTER-01_${date.replaceAll('-', '')}_${pad(i + 1, 4)}`,
      check_timestamp: naive(date, i * 11),
      inspector_id: `QC-00${(i % 3) + 1}`,
      pass_fail: i % 9 === 0 ? 'FAIL' : 'PASS',
      defect_notes: i % 4 === 0 ? 'Scratches, minor "dents"' : 'Looks good',
    });
  }
  return table({
    source: 'qc_checks',
    file: 'qc_checks.csv',
    format: 'csv',
    columns: ['check_id', 'batch_id', 'check_timestamp', 'inspector_id', 'pass_fail', 'defect_notes'],
    rows,
    date,
    roles: { naiveTimestamps: ['check_timestamp'], eventTime: 'check_timestamp' },
    keyOf: (r) => `${r.check_id}|${r.batch_id}`,
  });
}

export function machineMaster(date: string): SourceTable {
  return table({
    source: 'machine_master',
    file: 'machine_master.csv',
    format: 'csv',
    columns: ['snapshot_date', 'machine_id'],
    rows: MACHINES.map((m) => ({ snapshot_date: date, machine_id: m })),
    date,
    roles: { machine: 'machine_id' },
    keyOf: (r) => String(r.machine_id),
  });
}

export function widgetTelemetry(date: string, n: number): SourceTable {
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      machine_id: WIDGET_MACHINES[i % 3],
      machine_type: 'frame',
      timestamp: `${naive(date, i * 3)}.${pad((i * 37) % 1000, 3)}000`,
      status: 'running',
      metrics: {
        temperature_celsius: 40 + (i % 20),
        vibration_level: 0.5,
        power_consumption_watts: 1500 + i,
        cycle_count: i,
        efficiency_percent: 90.5,
      },
      location: { building: 'A', floor: 1, line: 'A' },
    });
  }
  return table({
    source: 'machine-telemetry',
    file: 'machine-telemetry.jsonl',
    format: 'jsonl',
    columns: ['machine_id', 'machine_type', 'timestamp', 'status', 'metrics', 'location'],
    rows,
    date,
    roles: {
      machine: 'machine_id',
      measures: ['metrics.temperature_celsius', 'metrics.vibration_level', 'metrics.power_consumption_watts'],
      temperatureC: 'metrics.temperature_celsius',
      naiveTimestamps: ['timestamp'],
      eventTime: 'timestamp',
    },
    keyOf: (r) => `${r.machine_id}@${r.timestamp}`,
  });
}

export function seedDay(date: string, n = 3000): SourceTable[] {
  return [batches(date, n), sensorLogs(date, n), qcChecks(date, n), machineMaster(date)];
}

export function runner(
  chaos: ChaosConfig,
  opts: { seed?: number; days?: number; format?: PlantFormat } = {},
) {
  return new ChaosRunner({
    config: chaos,
    seed: opts.seed ?? 7,
    zone: ZONE,
    start: START,
    days: opts.days ?? 30,
    format: opts.format ?? 'seed',
    machineIds: opts.format === 'widgets' ? WIDGET_MACHINES : MACHINES,
    productNames: PRODUCTS,
  });
}

/** Runs one day of chaos on fresh tables made by `make`. */
export function oneDay(chaos: ChaosConfig, make: (date: string) => SourceTable[], dayIndex = 0, seed = 7) {
  const date = addDays(START, dayIndex);
  const clean = make(date);
  const tables = runner(chaos, { seed }).applyDay(dayIndex, date, make(date));
  return { clean, tables, date };
}

/** Every pending entry of a table, rows in order then table-level. */
export function entriesOf(table: SourceTable): PendingLedgerEntry[] {
  const out: PendingLedgerEntry[] = [];
  for (const row of table.rows) out.push(...(table.meta.get(row)?.ledger ?? []));
  return [...out, ...(table.ledger ?? [])];
}

export function byName(tables: SourceTable[], source: string): SourceTable {
  const t = tables.find((x) => x.source === source);
  if (!t) throw new Error(`no table ${source}`);
  return t;
}

/** A snapshot of a day's output that `toEqual` can compare (rows, raw bytes, ledger). */
export function snapshot(tables: SourceTable[]) {
  return tables.map((t) => ({
    source: t.source,
    columns: t.columns,
    rows: t.rows,
    meta: t.rows.map((r) => t.meta.get(r) ?? null),
    ledger: t.ledger ?? [],
  }));
}

/** Binomial tolerance: |observed − n·p| within k standard deviations (and at least 3). */
export function nearRate(observed: number, n: number, p: number, k = 5): boolean {
  const sd = Math.sqrt(n * p * (1 - p));
  return Math.abs(observed - n * p) <= Math.max(3, k * sd);
}

export type { LedgerEntry };
