/**
 * A source table: the clean records of one file of one day's drop, as the sinks build them and
 * before they are written. Chaos works on these (it never sees the engine), and the writer turns
 * them into bytes, filling in each ledger entry's file and ordinal as it goes.
 */
import type { ChaosType } from '../../contracts/ledger.ts';

export type Row = Record<string, unknown>;

export type FileFormat = 'csv' | 'json-array' | 'jsonl';

/** A ledger entry before the writer knows where the dirty record ended up. */
export interface PendingLedgerEntry {
  type: ChaosType;
  source: string;
  record_key: string;
  field: string | null;
  clean_value: string | number | boolean | null;
  dirty_value: string | number | boolean | null;
  event_date: string;
}

export interface RowMeta {
  /** Written instead of the serialized row (a malformed line); bytes for broken encodings. */
  raw?: string | Uint8Array;
  ledger: PendingLedgerEntry[];
  /** Chaos' bookkeeping: the record's clean key and day, captured before its first change. */
  origin?: { key: string; date: string };
}

/**
 * What each field means, so generic chaos can find its targets in any format. Field names may be
 * dotted paths into nested JSON (`metrics.temperature_celsius`).
 */
export interface FieldRoles {
  machine?: string;
  product?: string;
  /** Nullable numeric measures (sensor values). */
  measures?: string[];
  /** The temperature measure in °C (a firmware update may switch it to °F). */
  temperatureC?: string;
  /** Naive plant-local timestamps (the ones a UTC mix-up or drift can hit). */
  naiveTimestamps?: string[];
  /** The field that orders the records in time. */
  eventTime?: string;
}

export interface SourceTable {
  /** Logical source, also the bronze table's name: `production_batches`, `component-production`, … */
  source: string;
  /** File name inside `raw_data/<date>/`. */
  file: string;
  format: FileFormat;
  /** Column order for CSV, key order for JSON; schema drift edits it. */
  columns: string[];
  rows: Row[];
  /** The drop day this table is written to. */
  date: string;
  roles: FieldRoles;
  keyOf: (row: Row) => string;
  /** Per-row extras, only for rows chaos touched. */
  meta: Map<Row, RowMeta>;
  /** Entries about the table as a whole (a schema drift), written with ordinal null. */
  ledger?: PendingLedgerEntry[];
}

export function metaOf(table: SourceTable, row: Row): RowMeta {
  let m = table.meta.get(row);
  if (!m) {
    m = { ledger: [] };
    table.meta.set(row, m);
  }
  return m;
}

/** Reads a possibly dotted path. */
export function getPath(row: Row, path: string): unknown {
  if (!path.includes('.')) return row[path];
  let cur: unknown = row;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Row)[part];
  }
  return cur;
}

/** Writes a possibly dotted path; nested objects are copied first so shared objects never change. */
export function setPath(row: Row, path: string, value: unknown): void {
  if (!path.includes('.')) {
    row[path] = value;
    return;
  }
  const parts = path.split('.');
  let cur: Row = row;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] as string;
    const next = cur[key];
    const copy: Row = next !== null && typeof next === 'object' ? { ...(next as Row) } : {};
    cur[key] = copy;
    cur = copy;
  }
  cur[parts[parts.length - 1] as string] = value;
}
