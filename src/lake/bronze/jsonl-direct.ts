/**
 * JSON lines read straight from the file, when every line starts with `{` (no BOM, no blank or
 * indented lines; bad UTF-8 and broken lines allowed): no copy, no pass over the lines here.
 *
 * Before the load's transaction (`prepareDirect`; ingest does it ahead, on its second connection):
 * every key of the file, then DuckDB's read_json reads it into a staged table (stage.ts: every key
 * as text, ignore_errors, so a line it cannot read is still a row, all NULL: row n is line n). The
 * all-NULL rows' lines (a `{}`, an unreadable line, and — DuckDB's error recovery does this —
 * sometimes the good line after a broken one) are judged one by one by the careful SQL from their
 * exact bytes, found through the scan's line index, and deleted from the stage. Rows and lines
 * being in step is checked, not assumed: as many rows as lines, and a sample of lines (the first,
 * the last, both sides of every row-group boundary) must match their rows.
 *
 * In the transaction (`loadDirect`): one INSERT of the readable rows and the judged objects. One:
 * a second insert into the same table in a transaction makes DuckDB rewrite the first one's data at
 * the next checkpoint (as costly as the insert itself).
 */

import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident } from '../sql.ts';
import { insertRecords } from './insert.ts';
import { extractAll, jsonlKeys, sampleKeys } from './json-keys.ts';
import { invalidUtf8, lineKeys, notAllNull, notObjects, OBJECT_LINES } from './jsonl-sql.ts';
import { readLines } from './lines.ts';
import type { FileScan } from './scan.ts';
import { dropStaged, type Staged, stageJsonl } from './stage.ts';
import { ensureBronzeTable } from './table.ts';
import { type FormatResult, type LoadTarget, NeedsCarefulPath, type QuarantineRecord } from './types.ts';

/** DuckDB's row group: where a parallel read splits its work, so where rows would get out of order. */
const ROW_GROUP = 122_880;

/** The staged file and its unreadable lines, judged: objects to load (`judged`) and the rest. */
export interface DirectRead {
  staged: Staged;
  /** Lines (ord, ln, line) that are objects, to load with `keys`; null when none. */
  judged: { table: string; keys: string[] } | null;
  quarantined: QuarantineRecord[];
}

/**
 * What the direct way needs before the transaction; `read` null when the file has no keys at all
 * (nothing for read_json to read); `error` when DuckDB could not read it or rows and lines are out
 * of step (the load then goes the careful way).
 */
export type Prepared = { read: DirectRead | null } | { error: string };

/** Keys, staged rows and judged lines of a file the direct way reads; outside any transaction of `conn`. */
export async function prepareDirect(
  conn: DuckDBConnection,
  db: string,
  file: string,
  scan: FileScan,
): Promise<Prepared> {
  let staged: Staged | null = null;
  let read: DirectRead | null = null;
  try {
    const keys = await jsonlKeys(conn, file, sampleKeys(file, scan.size), scan.longestLine);
    if (keys.length === 0) return { read: null };
    staged = await stageJsonl(conn, db, file, keys, scan.longestLine);
    if (staged.rows !== scan.lines)
      throw new NeedsCarefulPath(`read_json gave ${staged.rows} rows for ${scan.lines} lines`);
    read = await judgeUnreadable(conn, db, staged, file, scan);
    return { read };
  } catch (err) {
    if (read) await dropPrepared(conn, { read });
    else if (staged) await dropStaged(conn, staged.table);
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Drops what `prepareDirect` staged. */
export async function dropPrepared(conn: DuckDBConnection, p: Prepared | undefined): Promise<void> {
  if (!p || !('read' in p) || !p.read) return;
  await dropStaged(conn, p.read.staged.table);
  if (p.read.judged) await dropStaged(conn, p.read.judged.table);
}

/** In the load's transaction: the staged rows (those that hold values) and the judged objects, one INSERT. */
export async function loadDirect(t: LoadTarget, d: DirectRead): Promise<FormatResult> {
  const { staged, judged } = d;
  const names = await ensureBronzeTable(t.conn, t.file.table, staged.keys);
  // Judged keys are named against the table as it is then, as a separate load of those lines would.
  const judgedNames = judged ? await ensureBronzeTable(t.conn, t.file.table, judged.keys) : [];
  const columns = [...new Set([...names, ...judgedNames])];
  const pick = (have: string[], values: string[]) =>
    columns.map((c) => {
      const i = have.indexOf(c);
      return i < 0 ? 'NULL' : (values[i] as string);
    });
  const v = columns.map((_, i) => ident(`v${i}`));
  // The all-NULL rows were deleted from the stage (judgeUnreadable): no filter here, which would
  // make this insert dearer, nor an anti join, which would leave its writing to the next checkpoint.
  // Sorted by record number: measured, DuckDB then writes the rows with ~25% less CPU and ~30% less
  // time than from the unsorted parallel scan (the sort itself included).
  const rows = `SELECT ${pick(
    names,
    staged.keys.map((_, i) => ident(`c${i}`)),
  ).join(', ')}, rowid + 1 FROM ${staged.table}`;
  const objects = judged
    ? ` UNION ALL SELECT ${pick(judgedNames, extractAll('line', judged.keys)).join(', ')}, ord FROM ${judged.table} WHERE ${OBJECT_LINES}`
    : '';
  const loaded = await insertRecords(
    t,
    columns,
    v,
    '_o',
    `(${rows}${objects}) AS _rows(${[...v, '_o'].join(', ')}) ORDER BY _o`,
  );
  return { rowsRead: t.scan.lines, rowsLoaded: loaded, quarantined: d.quarantined };
}

/**
 * The all-NULL rows' lines, from their bytes: bad UTF-8 and non-objects quarantined, objects kept in
 * a table; the rows themselves deleted from the stage. One scan of the stage finds them and the
 * sampled rows (checkInStep); after the delete, the count and sum of the rowids left show that no
 * other row moved.
 */
async function judgeUnreadable(
  conn: DuckDBConnection,
  db: string,
  staged: Staged,
  file: string,
  scan: FileScan,
): Promise<DirectRead> {
  const n = scan.lines;
  const sampled = new Set([1, n]);
  for (let b = ROW_GROUP; b < n; b += ROW_GROUP) sampled.add(b).add(b + 1);
  const inSample = `rowid IN (${[...sampled].map((w) => w - 1).join(', ')})`;
  const allNull = `NOT ${notAllNull(staged.keys)}`;
  const cols = staged.keys.map((_, i) => ident(`c${i}`));
  const found = (
    await conn.runAndReadAll(
      `SELECT rowid + 1 AS o, ${allNull} AS gone, CASE WHEN ${inSample} THEN [${cols.join(', ')}] END AS v
       FROM ${staged.table} WHERE ${allNull} OR ${inSample} ORDER BY 1`,
    )
  ).getRowObjectsJS();
  const gone = found.filter((r) => r.gone === true).map((r) => Number(r.o));
  // One read of the file for both the sampled lines and the unreadable ones.
  const bytes = readLines(file, scan.lineIndex ?? [0], [...sampled, ...gone]);
  checkInStep(
    found
      .filter((r) => r.v !== null && r.gone !== true)
      .map((r) => ({ o: Number(r.o), v: r.v as (string | null)[] })),
    staged.keys,
    bytes,
  );
  if (gone.length === 0) return { staged, judged: null, quarantined: [] };
  const missing = gone.filter((g) => !bytes.has(g)).length;
  if (missing > 0) throw new NeedsCarefulPath(`found ${gone.length - missing} of ${gone.length} lines`);
  // By rowid, which reads no column (the predicate again reads them all), unless the list is huge.
  await conn.run(
    `DELETE FROM ${staged.table} WHERE ${gone.length <= 10_000 ? `rowid IN (${gone.map((g) => g - 1).join(', ')})` : allNull}`,
  );
  await checkRowidsKept(conn, staged, n, gone);
  const name = `j_${randomUUID().replaceAll('-', '')}`;
  const table = `${ident(db)}.${ident(name)}`;
  await conn.run(`CREATE TABLE ${table} (ord BIGINT, ln BIGINT, line VARCHAR)`);
  try {
    const quarantined: QuarantineRecord[] = [];
    const app = await conn.createAppender(name, 'main', db);
    for (const g of gone) {
      const line = bytes.get(g) as Buffer;
      if (!isUtf8(line)) quarantined.push(invalidUtf8(g, g, line));
      else {
        app.appendBigInt(BigInt(g));
        app.appendBigInt(BigInt(g));
        app.appendVarchar(line.toString('utf8'));
        app.endRow();
      }
    }
    app.closeSync();
    quarantined.push(...(await notObjects(conn, table)));
    quarantined.sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
    return { staged, judged: { table, keys: await lineKeys(conn, table) }, quarantined };
  } catch (err) {
    await dropStaged(conn, table);
    throw err;
  }
}

/**
 * Sampled lines against their rows: every string value a line's object holds must be in its row
 * (rows DuckDB could not read, all NULL, are judged from their bytes instead). Out of step: careful.
 */
function checkInStep(
  rows: { o: number; v: (string | null)[] }[],
  keys: string[],
  lines: Map<number, Buffer>,
): void {
  const col = new Map(keys.map((k, i) => [k, i]));
  for (const { o, v: values } of rows) {
    const line = lines.get(o);
    const obj = line && isUtf8(line) ? parseObject(line.toString('utf8')) : null;
    if (obj === null) throw new NeedsCarefulPath(`row ${o} has values but its line is no object`);
    for (const [k, v] of Object.entries(obj))
      if (typeof v === 'string' && values[col.get(k) ?? -1] !== v)
        throw new NeedsCarefulPath(`row ${o} does not match line ${o}`);
  }
}

/** After deleting rows `gone` (1-based) of `lines`, the rest must keep their rowids: count and sum say so. */
async function checkRowidsKept(
  conn: DuckDBConnection,
  s: Staged,
  lines: number,
  gone: number[],
): Promise<void> {
  const r = (
    await conn.runAndReadAll(
      `SELECT count(*)::VARCHAR AS n, coalesce(sum(rowid), 0)::VARCHAR AS s FROM ${s.table}`,
    )
  ).getRowObjectsJS()[0];
  // Exact at any size (a double is not, past 2^53).
  const all = BigInt(lines);
  const sum = (all * (all - 1n)) / 2n - gone.reduce((a, g) => a + BigInt(g - 1), 0n);
  if (BigInt(String(r?.n)) !== all - BigInt(gone.length) || BigInt(String(r?.s)) !== sum)
    throw new NeedsCarefulPath('rows moved when the unreadable ones were deleted');
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
