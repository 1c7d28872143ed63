/**
 * Chaos scoring: what silver found (sql/findings_*.sql) against what the simulator injected (the
 * ledger), per chaos type: injected, detected, matched, precision, recall. Record-level types match on
 * (file, record number[, field]); schema drift on (file, column). A type silver has no finder for is
 * listed as not scored, never as perfect.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CHAOS_DIR, LEDGER_FILE } from '../contracts/layout.ts';
import { CHAOS_RECOVERABLE, type ChaosType, type LedgerEntry } from '../contracts/ledger.ts';
import { literal } from '../lake/sql.ts';

const SQL_DIR = join(dirname(fileURLToPath(import.meta.url)), 'sql');
/** Types whose findings name the field (a record can hold several). */
const BY_FIELD = new Set<ChaosType>(['sensor_null', 'outlier', 'schema_drift']);

export interface ChaosScore {
  type: ChaosType;
  recoverable: boolean;
  injected: number;
  detected: number;
  matched: number;
  precision: number | null;
  recall: number | null;
  scored: boolean;
  /**
   * Injections of this type on records that malformed_row then destroyed (quarantined in bronze):
   * no rule can see them, so they are counted here as unrecoverable, outside injected.
   */
  destroyed: number;
}

/**
 * The ledger of every drop, or of the drops of `drops` (chaos/<day>/ledger.jsonl lists what was done
 * to the files of that day's drop, late records delivered in it included).
 */
export function readLedger(sourceDir: string, drops?: string[]): LedgerEntry[] {
  const dir = join(sourceDir, CHAOS_DIR);
  if (!existsSync(dir)) return [];
  const out: LedgerEntry[] = [];
  for (const d of readdirSync(dir).sort()) {
    if (drops && !drops.includes(d)) continue;
    const file = join(dir, d, LEDGER_FILE);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n'))
      if (line) out.push(JSON.parse(line) as LedgerEntry);
  }
  return out;
}

/** The drop day of a bronze file identity (`<source>/raw_data/<day>/<file>`). */
const dropOf = (file: string) => /\/raw_data\/(\d{4}-\d{2}-\d{2})\//.exec(file)?.[1] ?? null;

/** Types matched by file and record key: identical copies cannot be told apart by position. */
const BY_RECORD_KEY = new Set<ChaosType>(['duplicate_record']);
/** Spellings in files whose records have a stable id are matched by it too (a copy carries the spelling). */
const SPELLING = new Set<ChaosType>(['product_name_spelling', 'machine_id_spelling']);
const KEYED_FILES = /(production_batches|operator_logs)\.csv$/;
/**
 * Topics whose records carry an id (the ledger's record key): a redelivered copy is identical, so
 * damage to a record is matched by (id, field) whichever copy silver kept. Positions still name what
 * only a position can: order, a destroyed line, a file's columns.
 */
const KEYED_TOPICS = /(component-production|widget-assembly|quality-control)\.jsonl$/;
const POSITIONAL = new Set<ChaosType>(['out_of_order', 'malformed_row', 'schema_drift']);

/** The key a finding and a ledger entry are matched on. */
export const keyOf = (
  type: ChaosType,
  file: string,
  ordinal: number | null,
  field: string | null,
  recordKey: string | null,
) =>
  BY_RECORD_KEY.has(type) || (SPELLING.has(type) && KEYED_FILES.test(file))
    ? `${file}#${recordKey ?? ''}`
    : KEYED_TOPICS.test(file) && !POSITIONAL.has(type)
      ? `${file}#${recordKey ?? ''}#${field ?? ''}`
      : BY_FIELD.has(type)
        ? `${file}#${ordinal ?? ''}#${field ?? ''}`
        : `${file}#${ordinal ?? ''}`;

interface Positioned {
  ordinal: number;
  t: number;
  late: boolean;
}

/**
 * Records moved out of time order in one file. Among on-time records a longest non-decreasing run
 * (patience sorting, O(n log n)) is what stayed in place, and the rest were moved; late records were
 * appended after all of it, so a late record before the last record that stayed was moved.
 */
export function movedRecords(rows: Positioned[]): number[] {
  const ontime: { i: number; r: Positioned }[] = [];
  for (const [i, r] of rows.entries()) if (!r.late) ontime.push({ i, r });
  const tops: number[] = []; // index into ontime of the smallest last element of each run length
  const prev: number[] = new Array(ontime.length).fill(-1);
  for (const [k, { r }] of ontime.entries()) {
    let lo = 0;
    let hi = tops.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ontime[tops[mid] as number] as { r: Positioned }).r.t <= r.t) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tops[lo - 1] as number;
    tops[lo] = k;
  }
  const keep = new Set<number>();
  for (let k = tops.length ? (tops[tops.length - 1] as number) : -1; k >= 0; k = prev[k] as number)
    keep.add(k);
  const moved: number[] = [];
  let lastKept = -1;
  for (const [k, { i, r }] of ontime.entries()) {
    if (keep.has(k)) lastKept = i;
    else moved.push(r.ordinal);
  }
  // Late records were appended after everything that stayed in place: one before that was moved.
  for (const [i, r] of rows.entries()) if (r.late && i < lastKept) moved.push(r.ordinal);
  return moved.sort((a, b) => a - b);
}

async function orderFindings(conn: DuckDBConnection): Promise<Set<string> | null> {
  const file = join(SQL_DIR, 'order.sql');
  let rows: Record<string, unknown>[];
  try {
    rows = (await conn.runAndReadAll(readFileSync(file, 'utf8'))).getRowObjectsJS();
  } catch (err) {
    if (/does not exist|not found/i.test((err as Error).message)) return null;
    throw err;
  }
  const byFile = new Map<string, Positioned[]>();
  for (const r of rows) {
    const list = byFile.get(String(r.file)) ?? [];
    list.push({ ordinal: Number(r.ordinal), t: Number(r.t), late: Boolean(r.is_late) });
    byFile.set(String(r.file), list);
  }
  const out = new Set<string>();
  for (const [f, list] of byFile) for (const o of movedRecords(list)) out.add(`${f}#${o}`);
  return out;
}

/**
 * Scores silver's findings against `ledger`. With `drops`, only the findings in the files of those
 * drop days count (give the same days' ledger): a pipeline verifying one settled day scores that
 * day's drop, not everything silver holds.
 */
export async function scoreChaos(
  conn: DuckDBConnection,
  sourceId: string,
  ledger: LedgerEntry[],
  drops?: string[],
): Promise<ChaosScore[]> {
  await conn.run(`SET VARIABLE verify_source = ${literal(sourceId)}`);
  const inScope = (file: string) => !drops || drops.includes(dropOf(file) ?? '');
  const found = new Map<ChaosType, Set<string>>();
  const finders = new Set<ChaosType>();
  for (const f of readdirSync(SQL_DIR)
    .filter((x) => x.startsWith('findings_') && x.endsWith('.sql'))
    .sort()) {
    let rows: Record<string, unknown>[];
    try {
      rows = (await conn.runAndReadAll(readFileSync(join(SQL_DIR, f), 'utf8'))).getRowObjectsJS();
    } catch (err) {
      if (/does not exist|not found/i.test((err as Error).message)) continue;
      throw new Error(`${f}: ${(err as Error).message.split('\n')[0]}`);
    }
    // A finder file covers the types it can name even when it found none of them.
    for (const m of readFileSync(join(SQL_DIR, f), 'utf8').matchAll(
      /'([a-z_]+)'\s+AS chaos_type|SELECT\s+(?:DISTINCT\s+)?'([a-z_]+)'/g,
    )) {
      const t = (m[1] ?? m[2]) as ChaosType;
      if (t in CHAOS_RECOVERABLE) finders.add(t);
    }
    for (const r of rows) {
      if (!inScope(String(r.file))) continue;
      const type = String(r.chaos_type) as ChaosType;
      const set = found.get(type) ?? new Set<string>();
      set.add(
        keyOf(
          type,
          String(r.file),
          r.ordinal === null ? null : Number(r.ordinal),
          r.field === null ? null : String(r.field),
          r.record_key === null || r.record_key === undefined ? null : String(r.record_key),
        ),
      );
      found.set(type, set);
    }
  }
  const order = await orderFindings(conn);
  if (order) {
    finders.add('out_of_order');
    found.set('out_of_order', new Set([...order].filter(inScope)));
  }
  // A record destroyed by malformed_row is scored there only: what else was done to it is unknowable.
  const destroyed = new Set(
    ledger.filter((e) => e.type === 'malformed_row').map((e) => `${e.file}#${e.ordinal}`),
  );
  const injectedBy = new Map<ChaosType, Set<string>>();
  const destroyedBy = new Map<ChaosType, number>();
  for (const e of ledger) {
    if (e.file === 'plant') continue;
    if (e.type !== 'malformed_row' && destroyed.has(`${e.file}#${e.ordinal}`)) {
      destroyedBy.set(e.type, (destroyedBy.get(e.type) ?? 0) + 1);
      continue;
    }
    const set = injectedBy.get(e.type) ?? new Set<string>();
    set.add(keyOf(e.type, `${sourceId}/${e.file}`, e.ordinal, e.field, e.record_key));
    injectedBy.set(e.type, set);
  }
  const types = [...new Set([...injectedBy.keys(), ...found.keys(), ...destroyedBy.keys()])].sort();
  return types.map((type) => {
    const inj = injectedBy.get(type) ?? new Set<string>();
    const det = found.get(type) ?? new Set<string>();
    const matched = [...det].filter((k) => inj.has(k)).length;
    const scored = finders.has(type);
    return {
      type,
      recoverable: CHAOS_RECOVERABLE[type],
      injected: inj.size,
      detected: det.size,
      matched,
      precision: scored && det.size > 0 ? matched / det.size : null,
      recall: scored && inj.size > 0 ? matched / inj.size : null,
      scored,
      destroyed: destroyedBy.get(type) ?? 0,
    };
  });
}
