/**
 * malformed_row: a record the reader cannot take as written. CSV: the line cut inside a field (so the
 * column count is wrong) or a latin-1 byte (0xB0 "°", 0xE9 "é") inside a text field; JSON lines:
 * the object cut short or the same bad byte inside a string. json-array files are never targeted:
 * one broken element would make the whole file unreadable. The row stays clean in memory; its meta
 * `raw` holds what is written instead.
 */
import { csvField, csvRecord } from '../output/csv.ts';
import { jsonLine } from '../output/json.ts';
import { metaOf, type Row, type SourceTable } from '../output/table.ts';
import type { Rng } from '../random/rng.ts';
import { forEachChosen } from './select.ts';
import type { ChaosModule, PlantFormat } from './types.ts';

/** Stands in for the bad byte while the row is serialized (a private-use character no encoder escapes). */
const MARK = '\ue000';
const BAD_BYTES = [0xb0, 0xe9] as const;

/**
 * A malformed record is lost for good (unrecoverable), so by default it hits only sources that no
 * truth metric is computed from: the truth stays reachable and verification exact. Point `sources`
 * at other files to see how losses show up (bronze quarantines every one of them either way).
 */
const DEFAULTS: Record<PlantFormat, readonly string[]> = {
  seed: ['operator_logs', 'telemetry'],
  widgets: ['machine-telemetry', 'factory-alerts', 'production-orders'],
};

export interface Malformed {
  raw: string | Uint8Array;
  description: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** A cut in [from, to] that does not split a surrogate pair. */
function cutAt(text: string, at: number): number {
  return at > 0 && isHighSurrogate(text.charCodeAt(at - 1)) ? at + 1 : at;
}

function truncated(raw: string): Malformed {
  return { raw, description: `truncated at byte ${Buffer.byteLength(raw)}` };
}

/** Cuts inside one unquoted field that is not the last, so the line has too few fields. */
function truncatedCsv(rng: Rng, columns: readonly string[], row: Row): Malformed | null {
  const fields = columns.map((c) => csvField(row[c]));
  const candidates: number[] = [];
  for (let f = 0; f < fields.length - 1; f++) if (!(fields[f] as string).startsWith('"')) candidates.push(f);
  if (candidates.length === 0) return null;
  const f = rng.pick(candidates);
  const line = fields.join(',');
  let start = 0;
  for (let k = 0; k < f; k++) start += (fields[k] as string).length + 1;
  const len = (fields[f] as string).length;
  const cut = cutAt(line, start + (len >= 2 ? rng.int(1, len - 1) : len));
  return truncated(line.slice(0, cut));
}

/** Any proper prefix of a JSON object is broken JSON. */
function truncatedJson(rng: Rng, line: string): Malformed | null {
  if (line.length < 2) return null;
  return truncated(line.slice(0, cutAt(line, rng.int(1, line.length - 1))));
}

/** Text fields to put the bad byte in: free text first, timestamps only when nothing else is a string. */
function textFields(table: SourceTable, row: Row): string[] {
  const times = new Set([...(table.roles.naiveTimestamps ?? []), table.roles.eventTime]);
  const strings = table.columns.filter((c) => typeof row[c] === 'string');
  const free = strings.filter((c) => !times.has(c));
  return free.length > 0 ? free : strings;
}

function badByte(rng: Rng, table: SourceTable, row: Row): Malformed | null {
  const fields = textFields(table, row);
  if (fields.length === 0) return null;
  const field = rng.pick(fields);
  const byte = rng.pick(BAD_BYTES);
  const value = row[field] as string;
  const at = cutAt(value, value.length >= 2 ? rng.int(1, value.length - 1) : value.length);
  const marked = { ...row, [field]: value.slice(0, at) + MARK + value.slice(at) };
  const text = table.format === 'csv' ? csvRecord(table.columns, marked) : jsonLine(table.columns, marked);
  const i = text.indexOf(MARK);
  const head = Buffer.from(text.slice(0, i), 'utf8');
  const raw = Buffer.concat([head, Buffer.of(byte), Buffer.from(text.slice(i + 1), 'utf8')]);
  const hex = byte.toString(16).toUpperCase();
  return { raw: new Uint8Array(raw), description: `invalid UTF-8 byte 0x${hex} at byte ${head.length}` };
}

/** A broken form of the row as its file would hold it, or null when none can be made. */
export function malform(rng: Rng, table: SourceTable, row: Row): Malformed | null {
  const wantBytes = rng.next() < 0.5;
  const cut = () =>
    table.format === 'csv'
      ? truncatedCsv(rng, table.columns, row)
      : truncatedJson(rng, jsonLine(table.columns, row));
  return wantBytes ? (badByte(rng, table, row) ?? cut()) : (cut() ?? badByte(rng, table, row));
}

export const malformedRow: ChaosModule<'malformed_row'> = {
  type: 'malformed_row',
  isDefaultSource: (format, t) => DEFAULTS[format].includes(t.source),
  accepts: (t) => t.format === 'csv' || t.format === 'jsonl',
  create(config) {
    if (!(config.rate > 0)) return null;
    return {
      apply(day, table) {
        forEachChosen(day.rng, config.rate, table.rows.length, (i) => {
          const row = table.rows[i] as Row;
          if (table.meta.get(row)?.raw !== undefined) return; // one destructive change per row
          const broken = malform(day.rng, table, row);
          if (broken === null) return;
          const clean = table.format === 'csv' ? csvRecord(table.columns, row) : jsonLine(table.columns, row);
          day.record(table, row, null, clean, broken.description);
          metaOf(table, row).raw = broken.raw;
        });
      },
    };
  },
};
