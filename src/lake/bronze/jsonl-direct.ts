/**
 * JSON lines read straight from the file into bronze, when every line starts with `{` (no BOM, no
 * blank or indented lines; bad UTF-8 and broken lines allowed).
 *
 * Before the load's transaction (`prepareDirect`; ingest does it ahead, on another connection):
 * every key of the file (json-keys.ts), checked as names read_json can tell apart.
 *
 * In the transaction (`loadDirect`): one INSERT from read_json(…, ignore_errors) WITH ORDINALITY.
 * The reader gives a row per line, in order, so the ordinality is the line number; a line it cannot
 * read (a `{}`, an unreadable line, and — DuckDB's error recovery does this — sometimes the good
 * line after a broken one) is an all-NULL row, which the INSERT leaves out. The last line's row is
 * kept whatever it holds: the highest number must then be the file's line count, which proves one
 * row per line. The numbers left out are those lines: judged one by one by the careful SQL from
 * their exact bytes (found through the scan's line index), objects inserted, the rest quarantined.
 * A sample of lines (the first, the last, both sides of every row-group boundary) must match their
 * rows. Anything out of step: the careful path.
 *
 * WITH ORDINALITY reads on one thread, and still costs a quarter less CPU than a parallel read into
 * a staged table copied from in order; ingest runs loads side by side (its lanes) for the cores.
 * The INSERT leaves rows out rather than deleting them afterwards: a DELETE in the transaction
 * makes DuckDB rewrite the slice at commit (measured: +70% CPU), so only an all-NULL last row,
 * rare, is deleted.
 */

import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, qualified } from '../sql.ts';
import { insertRecords } from './insert.ts';
import { jsonlKeys, sampleKeys } from './json-keys.ts';
import { invalidUtf8, judgeLines, notAllNull, readJsonSql } from './jsonl-sql.ts';
import { readLines } from './lines.ts';
import type { FileScan } from './scan.ts';
import { dropQuietly, ensureBronzeTable } from './table.ts';
import { type FormatResult, type LoadTarget, NeedsCarefulPath, type QuarantineRecord } from './types.ts';

/**
 * DuckDB's row group: the sample takes both sides of each boundary, where a parallel reader would
 * split its work (rows out of order would show there first).
 */
const ROW_GROUP = 122_880;

/**
 * What the direct way needs before the transaction: the file's keys (none: nothing for read_json to
 * read), or `error` when they cannot be found or named (the load then goes the careful way).
 */
export type Prepared = { keys: string[] } | { error: string };

/** The keys of a file the direct way reads; outside any transaction of `conn`. */
export async function prepareDirect(conn: DuckDBConnection, file: string, scan: FileScan): Promise<Prepared> {
  try {
    const keys = await jsonlKeys(conn, file, sampleKeys(file, scan.size), scan.longestLine);
    // Keys read_json cannot tell apart (or name) throw here, not in the transaction.
    if (keys.length > 0) readJsonSql(file, keys, true, ['_ord']);
    return { keys };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** In the load's transaction: the readable lines in one INSERT, the others judged from their bytes. */
export async function loadDirect(t: LoadTarget, keys: string[]): Promise<FormatResult> {
  const n = t.scan.lines;
  const names = await ensureBronzeTable(t.conn, t.file.table, keys, t.shared);
  const from = readJsonSql(t.file.absPath, keys, true, ['_ord'], t.scan.longestLine);
  let loaded = await insertRecords(
    t,
    names,
    keys.map((_, i) => ident(`c${i}`)),
    '_ord',
    // Alone, sorting by line first lets DuckDB's threads share the writing: measured, one 864k-line
    // file on 2 threads 1.19 s against 1.45 s; beside other loads (one thread each) it only adds work.
    `${from} WHERE ${notAllNull(keys)} OR _ord >= ${n}${t.alone ? ' ORDER BY _ord' : ''}`,
  );
  const mine = `${qualified('bronze_store', t.file.table)} WHERE _slice = ${t.slice}`;
  const hi = (
    await t.conn.runAndReadAll(`SELECT max(_ordinal)::DOUBLE AS hi FROM ${mine}`)
  ).getRowObjectsJS()[0]?.hi;
  if (hi !== n) throw new NeedsCarefulPath(`read_json gave ${String(hi ?? 0)} rows for ${n} lines`);

  const sampled = new Set([1, n]);
  for (let b = ROW_GROUP; b < n; b += ROW_GROUP) sampled.add(b).add(b + 1);
  const cols = names.map(ident);
  const found = (
    await t.conn.runAndReadAll(
      `SELECT _ordinal::DOUBLE AS o, ${cols.map((c) => `${c} IS NULL`).join(' AND ')} AS gone, [${cols.join(', ')}]::VARCHAR[] AS v
       FROM ${mine} AND _ordinal IN (${[...sampled].join(', ')})`,
    )
  ).getRowObjectsJS();
  const gone = (
    await t.conn.runAndReadAll(
      `SELECT o::DOUBLE AS o FROM range(1, ${n}) r(o) ANTI JOIN (SELECT _ordinal FROM ${mine}) s ON s._ordinal = r.o ORDER BY o`,
    )
  )
    .getRowObjectsJS()
    .map((r) => Number(r.o));
  if (found.some((r) => r.o === n && r.gone === true)) {
    await t.conn.run(`DELETE FROM ${mine} AND _ordinal = ${n}`);
    loaded--;
    gone.push(n);
  }
  // One read of the file for both the sampled lines and the unreadable ones.
  const bytes = readLines(t.file.absPath, t.scan.lineIndex ?? [0], [...sampled, ...gone]);
  checkInStep(
    found.filter((r) => r.gone !== true).map((r) => ({ o: Number(r.o), v: r.v as (string | null)[] })),
    keys,
    bytes,
  );
  if (gone.length === 0) return { rowsRead: n, rowsLoaded: loaded, quarantined: [] };
  const missing = gone.filter((g) => !bytes.has(g)).length;
  if (missing > 0) throw new NeedsCarefulPath(`found ${gone.length - missing} of ${gone.length} lines`);

  // The careful SQL over a temporary table of the lines (temp objects do not count as a second
  // database written in the transaction).
  const quarantined: QuarantineRecord[] = [];
  const tmp = `jd_${randomUUID().replaceAll('-', '')}`;
  await t.conn.run(`CREATE TEMP TABLE ${ident(tmp)} (ord BIGINT, ln BIGINT, line VARCHAR)`);
  try {
    const app = await t.conn.createAppender(tmp, 'main', 'temp');
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
    loaded += await judgeLines(t, tmp, quarantined);
  } finally {
    await dropQuietly(t, tmp);
  }
  quarantined.sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
  return { rowsRead: n, rowsLoaded: loaded, quarantined };
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

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
