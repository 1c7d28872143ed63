/**
 * A chaos-ledger run's drop read back: every data file's records with their clean values, and the
 * ledger beside them, so each entry can be checked against the bytes it points at.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChaosConfig } from '../../../src/config/chaos-schema.ts';
import { EXTRA_FILES, MACHINE_MASTER_COLUMNS } from '../../../src/contracts/extras.ts';
import type { LedgerEntry } from '../../../src/contracts/ledger.ts';
import {
  OPERATOR_LOG_COLUMNS,
  PRODUCTION_BATCH_COLUMNS,
  QC_CHECK_COLUMNS,
  SEED_FILES,
  SENSOR_READING_KEYS,
} from '../../../src/contracts/seed-drop.ts';
import { byteLines, isValidUtf8, lfLines, parseCsv, type Run, readAllLedgers, readTruth } from './helpers.ts';

export const SOURCE_FILE: Record<string, string> = { ...SEED_FILES, ...EXTRA_FILES };
export const SEED_COLUMNS: Record<string, readonly string[]> = {
  production_batches: PRODUCTION_BATCH_COLUMNS,
  sensor_logs: SENSOR_READING_KEYS,
  qc_checks: QC_CHECK_COLUMNS,
  operator_logs: OPERATOR_LOG_COLUMNS,
  machine_master: MACHINE_MASTER_COLUMNS,
};
export const MEASURES = ['temperature', 'pressure', 'energy_kwh', 'efficiency_percent'] as const;
export const MACHINES = ['SMELTER-01', 'SMELTER-02', 'ASSEMBLER-01'];

/** Default sources of each per-row type in the seed format (src/sim/chaos/*: isDefaultSource ∩ accepts). */
export const DEFAULT_SOURCES = {
  product_name_spelling: ['production_batches'],
  machine_id_spelling: ['production_batches', 'sensor_logs', 'operator_logs'],
  timestamp_drift: ['sensor_logs'],
  timezone_mix: ['qc_checks'],
  duplicate_record: ['production_batches'],
  late_arrival: ['production_batches', 'sensor_logs', 'qc_checks'],
  malformed_row: ['operator_logs'],
  out_of_order: ['production_batches'],
} as const;

/** Types whose entries name a field of a record and its dirty value. */
export const VALUE_TYPES = new Set([
  'product_name_spelling',
  'machine_id_spelling',
  'sensor_null',
  'outlier',
  'timestamp_drift',
  'timezone_mix',
  'unit_change',
]);

// The low-rate types boosted; the rest as the scenario has them.
export const BOOST: ChaosConfig = {
  duplicate_record: { rate: 0.2 },
  late_arrival: { rate: 0.2, days: [1, 3] },
  malformed_row: { rate: 0.1 },
  out_of_order: { rate: 0.2 },
  outlier: { rate: 0.05 },
  unit_change: { rate: 0.5, from_day: 5 },
  degradation: { rate: 0.01, machines: ['SMELTER-01', 'SMELTER-02'] },
};

// ── reading records back with their ledger entries ──────────────────────────────────────────────────

export type Values = Record<string, unknown>;
export interface Rec {
  ordinal: number;
  /** Parsed record; null when the line is broken (not UTF-8, wrong field count, not JSON). */
  values: Values | null;
  /** The line's bytes (CSV and JSON lines). */
  line: Buffer | null;
}
export interface DataFile {
  rel: string;
  date: string;
  source: string;
  header: string[];
  records: Rec[];
  /** Entries by ordinal. */
  entries: Map<number, LedgerEntry[]>;
  /** schema_drift entries of the file (table-level, no ordinal). */
  drifts: LedgerEntry[];
}

export function readDataFile(run: Run, date: string, source: string): DataFile {
  const rel = `raw_data/${date}/${SOURCE_FILE[source]}`;
  const path = join(run.dir, rel);
  const buf = readFileSync(path);
  let header: string[] = [];
  let records: Rec[];
  if (rel.endsWith('.csv')) {
    const lines = byteLines(buf);
    header = lines.length > 0 ? (parseCsv((lines[0] as Buffer).toString('utf8'))[0] ?? []) : [];
    records = lines.slice(1).map((line, i) => {
      let values: Values | null = null;
      if (isValidUtf8(line)) {
        try {
          const fields = parseCsv(line.toString('utf8'))[0] ?? [''];
          if (fields.length === header.length)
            values = Object.fromEntries(header.map((h, k) => [h, fields[k]]));
        } catch {}
      }
      return { ordinal: i + 1, values, line };
    });
  } else if (rel.endsWith('.jsonl')) {
    records = lfLines(buf).map((line, i) => {
      let values: Values | null = null;
      if (isValidUtf8(line)) {
        try {
          values = JSON.parse(line.toString('utf8')) as Values;
        } catch {}
      }
      return { ordinal: i + 1, values, line };
    });
  } else {
    const arr = JSON.parse(buf.toString('utf8')) as Values[];
    header = arr.length > 0 ? Object.keys(arr[0] as Values) : [];
    records = arr.map((values, i) => ({ ordinal: i + 1, values, line: null }));
  }
  return { rel, date, source, header, records, entries: new Map(), drifts: [] };
}

/** A run's files (the sources chaos touches) with the ledger attached, and the ledger. */
export interface Drop {
  run: Run;
  ledger: LedgerEntry[];
  files: Map<string, DataFile>;
  counts: Record<string, number>[];
}

export const CHAOS_SOURCES = [
  'production_batches',
  'sensor_logs',
  'qc_checks',
  'operator_logs',
  'inventory_moves',
  'machine_master',
  'machine_states',
];

export function loadDrop(run: Run): Drop {
  const ledger = readAllLedgers(run);
  const files = new Map<string, DataFile>();
  for (const date of run.dates)
    for (const source of CHAOS_SOURCES) {
      const f = readDataFile(run, date, source);
      files.set(f.rel, f);
    }
  for (const e of ledger) {
    const f = files.get(e.file);
    if (!f) continue;
    if (e.type === 'schema_drift') f.drifts.push(e);
    if (e.ordinal === null) continue;
    const list = f.entries.get(e.ordinal) ?? [];
    list.push(e);
    f.entries.set(e.ordinal, list);
  }
  const counts = run.dates.map((d) => readTruth(run.dir, d).counts ?? {});
  return { run, ledger, files, counts };
}

/** A ledger value as a CSV reader sees it. */
export const csvText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The clean record: broken lines from the entry's clean text, value changes undone, drift undone. */
export function cleanValues(f: DataFile, rec: Rec): Values {
  const entries = f.entries.get(rec.ordinal) ?? [];
  const isCsv = f.rel.endsWith('.csv');
  let values = rec.values;
  const broken = entries.find((e) => e.type === 'malformed_row');
  if (broken) {
    const clean = String(broken.clean_value);
    if (isCsv) {
      const fields = parseCsv(clean)[0] ?? [];
      values = Object.fromEntries(f.header.map((h, k) => [h, fields[k]]));
    } else values = JSON.parse(clean) as Values;
  }
  if (values === null) throw new Error(`${f.rel}#${rec.ordinal}: broken but not in the ledger`);
  const out: Values = { ...values };
  for (const e of entries) {
    if (!VALUE_TYPES.has(e.type) || e.field === null) continue;
    out[e.field] = isCsv ? csvText(e.clean_value) : e.clean_value;
  }
  return out;
}

/** Schema drift undone: renamed keys back, added keys dropped (from the file's table-level entries). */
export function undoDrift(f: DataFile, values: Values): Values {
  const out: Values = { ...values };
  for (const d of f.drifts) {
    const to = String(d.dirty_value);
    if (d.clean_value !== null) out[String(d.clean_value)] = out[to];
    delete out[to];
  }
  return out;
}

/** The clean key of a record, as the ledger's record_key has it. */
export function keyOf(source: string, v: Values): string {
  switch (source) {
    case 'production_batches':
      return String(v.batch_id);
    case 'sensor_logs':
      return `${v.machine_id}@${v.timestamp}`;
    case 'qc_checks':
      return `${v.check_id}|${v.batch_id}`;
    case 'operator_logs':
      return `${v.log_id}|${v.machine_id}`;
    case 'inventory_moves':
      return String(v.move_id);
    default:
      throw new Error(`no key for ${source}`);
  }
}

export const dayIndex = (run: Run, date: string) => run.dates.indexOf(date);
export const entriesOf = (drop: Drop, type: string) => drop.ledger.filter((e) => e.type === type);
