/**
 * JSON lines. The fast path hands the file to DuckDB's read_json with every key as text; it is taken
 * when the scan saw clean UTF-8, no BOM, no blank lines and every line starting with `{`, so record
 * n is line n. Anything else — or
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
  if (careful || !t.scan.utf8 || t.scan.bom || t.scan.blankLines || !t.scan.objectLines)
    return loadCarefully(t);
  try {
    return await loadFast(t);
  } catch (err) {
    if (err instanceof NeedsCarefulPath) throw err;
    throw new NeedsCarefulPath((err as Error).message);
  }
}

/** Lines DuckDB samples for the keys at the head of the file. */
const HEAD_LINES = 20480;

async function loadFast(t: LoadTarget): Promise<FormatResult> {
  const path = literal(t.file.absPath);
  // Keys exactly as written (DESCRIBE would rename ones it cannot use: "" or case twins).
  const head = await t.conn.runAndReadAll(
    orderedKeysSql(
      `(SELECT json, ordinality AS ord FROM read_json_objects(${path}, format='newline_delimited', maximum_object_size=268435456) WITH ORDINALITY LIMIT ${HEAD_LINES})`,
      'json',
      'ord',
    ),
  );
  const keys = head.getRowObjectsJS().map((r) => String(r.k));
  for (const k of await tailKeys(t)) if (!keys.includes(k)) keys.push(k);
  // read_json matches keys to columns by name, ignoring case: a key it cannot tell apart from
  // another, or an empty one, is for the careful path, which reads keys by exact JSON path.
  const lower = new Set<string>();
  for (const k of keys) {
    if (k === '' || lower.has(k.toLowerCase())) throw new NeedsCarefulPath(`key ${JSON.stringify(k)}`);
    lower.add(k.toLowerCase());
  }
  const names = await ensureBronzeTable(t.conn, t.file.table, keys);
  // read_json maps keys to columns by name; the positional alias keeps odd key names out of the SQL.
  // records=true: a line that is not an object fails the read (it would otherwise turn every line
  // into one JSON-text column); the scan's objectLines keeps such files from getting here.
  const select = keys.map((_, i) => ident(`c${i}`));
  const realColumns = `{${keys.map((k) => `${literal(k)}: 'VARCHAR'`).join(', ')}}`;
  const alias = `_src(${[...keys.map((_, i) => ident(`c${i}`)), '_ord'].join(', ')})`;
  const loaded = await insertRecords(
    t,
    names,
    select,
    '_ord',
    `read_json(${path}, format='newline_delimited', records=true, columns=${realColumns}, maximum_object_size=268435456) WITH ORDINALITY AS ${alias}`,
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
  // ord: the record's number (blank lines are not records); ln: the physical line it is on.
  await t.conn.run(`CREATE TEMP TABLE ${ident(tmp)} (ord BIGINT, ln BIGINT, line VARCHAR)`);
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
      if (isBlank(line)) {
        if (end === buf.length) break;
        continue; // a blank line is not a record
      }
      records++;
      if (!isUtf8(line)) {
        quarantined.push({
          ordinal: records,
          line: lineNo,
          raw: Buffer.from(line),
          errorType: 'INVALID_UTF8',
          reason: `line ${lineNo}: bytes that are not valid UTF-8`,
        });
      } else {
        app.appendBigInt(BigInt(records));
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
      `SELECT ord, ln, line, json_valid(line) AS ok, CASE WHEN json_valid(line) THEN json_type(line::JSON) END AS ty
       FROM ${ident(tmp)} WHERE NOT json_valid(line) OR json_type(line::JSON) <> 'OBJECT' ORDER BY ord`,
    );
    for (const r of bad.getRowObjectsJS()) {
      const ord = Number(r.ord);
      const ln = Number(r.ln);
      quarantined.push({
        ordinal: ord,
        line: ln,
        raw: Buffer.from(String(r.line)),
        errorType: r.ok ? 'NOT_AN_OBJECT' : 'BROKEN_JSON',
        reason: r.ok
          ? `line ${ln}: a JSON ${String(r.ty).toLowerCase()}, not an object`
          : `line ${ln}: not valid JSON (truncated or broken)`,
      });
    }
    quarantined.sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
    return { rowsRead: records, rowsLoaded: loaded, quarantined };
  } finally {
    await t.conn.run(`DROP TABLE IF EXISTS ${ident(tmp)}`);
  }
}

/**
 * Blank: nothing but ASCII white space. (A byte like 0xA0 — no-break space in Latin-1 — is not
 * white space in UTF-8 but an invalid byte: such a line is a record, and a broken one.)
 */
function isBlank(line: Buffer): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0b && b !== 0x0c) return false;
  return true;
}
