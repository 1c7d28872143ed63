/**
 * JSON lines. The fast path hands the file to DuckDB's read_json with every key as text; it is taken
 * when the scan saw clean UTF-8, no BOM and no blank lines, so record n is line n. Anything else — or
 * a line DuckDB cannot parse — takes the careful path: lines are split here (bytes only), bad UTF-8
 * is quarantined with its exact bytes, and DuckDB judges and parses the rest line by line.
 */

import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { DuckDBAppender } from '@duckdb/node-api';
import { ident, literal } from '../sql.ts';
import { insertRecords } from './insert.ts';
import { extractAll, orderedKeysSql } from './json-keys.ts';
import { ensureBronzeTable } from './table.ts';
import { type FormatResult, type LoadTarget, NeedsCarefulPath, type QuarantineRecord } from './types.ts';

/** Keys are sampled from the head by DuckDB and from the tail here: a producer that adds a field
 * mid-file shows it at the end. (A key seen only in the middle of a large file would be missed.) */
const TAIL_BYTES = 256 * 1024;

export async function loadJsonl(t: LoadTarget, careful: boolean): Promise<FormatResult> {
  if (t.scan.size === 0) return { rowsRead: 0, rowsLoaded: 0, quarantined: [] };
  if (careful || !t.scan.utf8 || t.scan.bom || t.scan.blankLines) return loadCarefully(t);
  try {
    return await loadFast(t);
  } catch (err) {
    if (err instanceof NeedsCarefulPath) throw err;
    throw new NeedsCarefulPath((err as Error).message);
  }
}

async function loadFast(t: LoadTarget): Promise<FormatResult> {
  const path = literal(t.file.absPath);
  const head = await t.conn.runAndReadAll(
    `DESCRIBE SELECT * FROM read_json(${path}, format='newline_delimited', maximum_depth=1, sample_size=20480)`,
  );
  const keys = head.getRowObjectsJS().map((r) => String(r.column_name));
  for (const k of await tailKeys(t)) if (!keys.includes(k)) keys.push(k);
  const names = await ensureBronzeTable(t.conn, t.file.table, keys);
  // read_json maps keys to columns by name; the positional alias keeps odd key names out of the SQL.
  const select = keys.map((_, i) => ident(`c${i}`));
  const realColumns = `{${keys.map((k) => `${literal(k)}: 'VARCHAR'`).join(', ')}}`;
  const alias = `_src(${[...keys.map((_, i) => ident(`c${i}`)), '_ord'].join(', ')})`;
  const loaded = await insertRecords(
    t,
    names,
    select,
    '_ord',
    `read_json(${path}, format='newline_delimited', columns=${realColumns}, maximum_object_size=268435456) WITH ORDINALITY AS ${alias}`,
  );
  if (loaded !== t.scan.lines)
    throw new NeedsCarefulPath(`read ${loaded} records from ${t.scan.lines} lines`);
  return { rowsRead: loaded, rowsLoaded: loaded, quarantined: [] };
}

async function tailKeys(t: LoadTarget): Promise<string[]> {
  if (t.scan.size <= TAIL_BYTES) return [];
  const fd = openSync(t.file.absPath, 'r');
  const buf = Buffer.alloc(TAIL_BYTES);
  try {
    readSync(fd, buf, 0, TAIL_BYTES, t.scan.size - TAIL_BYTES);
  } finally {
    closeSync(fd);
  }
  const text = buf.toString('utf8');
  const lines = text
    .slice(text.indexOf('\n') + 1)
    .split('\n')
    .filter((l) => l.trim().length > 0);
  if (lines.length === 0) return [];
  const list = lines.map((l) => literal(l)).join(', ');
  const r = await t.conn.runAndReadAll(
    `SELECT DISTINCT unnest(json_keys(x::JSON)) AS k FROM (SELECT unnest([${list}]) AS x) WHERE json_valid(x) AND json_type(x::JSON) = 'OBJECT'`,
  );
  return r.getRowObjectsJS().map((r2) => String(r2.k));
}

async function loadCarefully(t: LoadTarget): Promise<FormatResult> {
  const buf = readFileSync(t.file.absPath);
  const tmp = `jl_${randomUUID().replaceAll('-', '')}`;
  await t.conn.run(`CREATE TEMP TABLE ${ident(tmp)} (ord BIGINT, line VARCHAR)`);
  const quarantined: QuarantineRecord[] = [];
  let records = 0;
  try {
    const app: DuckDBAppender = await t.conn.createAppender(tmp, 'main', 'temp');
    let start = 0;
    let lineNo = 0;
    while (start <= buf.length) {
      let end = buf.indexOf(10, start);
      if (end === -1) end = buf.length;
      lineNo++;
      let line = buf.subarray(start, end);
      if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
      if (lineNo === 1 && line.length >= 3 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf)
        line = line.subarray(3);
      start = end + 1;
      if (line.length === 0 || line.toString('latin1').trim() === '') {
        if (end === buf.length) break;
        continue; // a blank line is not a record
      }
      records++;
      if (!isUtf8(line)) {
        quarantined.push({
          ordinal: lineNo,
          line: lineNo,
          raw: Buffer.from(line),
          errorType: 'INVALID_UTF8',
          reason: `line ${lineNo}: bytes that are not valid UTF-8`,
        });
      } else {
        app.appendBigInt(BigInt(lineNo));
        app.appendVarchar(line.toString('utf8'));
        app.endRow();
      }
      if (end === buf.length) break;
    }
    app.closeSync();

    const keys = (
      await t.conn.runAndReadAll(
        orderedKeysSql(`(SELECT line::JSON AS j, ord FROM ${ident(tmp)} WHERE json_valid(line))`, 'j', 'ord'),
      )
    )
      .getRowObjectsJS()
      .map((r) => String(r.k));
    const names = await ensureBronzeTable(t.conn, t.file.table, keys);
    const loaded = await insertRecords(
      t,
      names,
      extractAll('line', keys),
      'ord',
      `${ident(tmp)} WHERE json_valid(line) AND json_type(line::JSON) = 'OBJECT'`,
    );
    const bad = await t.conn.runAndReadAll(
      `SELECT ord, line, json_valid(line) AS ok, CASE WHEN json_valid(line) THEN json_type(line::JSON) END AS ty
       FROM ${ident(tmp)} WHERE NOT json_valid(line) OR json_type(line::JSON) <> 'OBJECT' ORDER BY ord`,
    );
    for (const r of bad.getRowObjectsJS()) {
      const ord = Number(r.ord);
      quarantined.push({
        ordinal: ord,
        line: ord,
        raw: Buffer.from(String(r.line)),
        errorType: r.ok ? 'NOT_AN_OBJECT' : 'BROKEN_JSON',
        reason: r.ok
          ? `line ${ord}: a JSON ${String(r.ty).toLowerCase()}, not an object`
          : `line ${ord}: not valid JSON (truncated or broken)`,
      });
    }
    quarantined.sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
    return { rowsRead: records, rowsLoaded: loaded, quarantined };
  } finally {
    await t.conn.run(`DROP TABLE IF EXISTS ${ident(tmp)}`);
  }
}
