/**
 * JSON lines, three ways, each a record per non-blank line (record n: the n-th non-blank line).
 *
 * - Fast: the scan saw clean UTF-8, no BOM, no blank lines and every line starting with `{`; DuckDB's
 *   read_json takes the file as it is, every key as text, and record n is line n.
 * - Filtered (anything else): lines are split here (bytes only). The plain ones — valid UTF-8, `{` to
 *   `}` — go to a temporary copy that read_json reads as fast; each other record is a `{}` there, so
 *   numbers stay the file's, and goes through the careful SQL below with its exact bytes.
 * - Careful (when DuckDB cannot read the filtered copy either, or cannot tell two keys apart): every
 *   record through the careful SQL — DuckDB judges and parses line by line; bad UTF-8, broken JSON
 *   and non-objects are quarantined with their bytes.
 *
 * Keys: the careful path sees every key. The others take the keys of the first 20,480 lines and of
 * the last 256 KiB (a producer that adds a field mid-file shows it at the end); a key seen only in
 * between in a larger file is not found, and its values are not loaded.
 */

import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, rmSync, writevSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBAppender } from '@duckdb/node-api';
import { ident, literal } from '../sql.ts';
import { insertRecords } from './insert.ts';
import { extractAll, orderedKeysSql } from './json-keys.ts';
import { dropQuietly, ensureBronzeTable } from './table.ts';
import { type FormatResult, type LoadTarget, NeedsCarefulPath, type QuarantineRecord } from './types.ts';

/** Where keys are sampled: the first lines (within a byte budget) and the last bytes. */
const HEAD_LINES = 20480;
const HEAD_MAX_BYTES = 64 << 20;
const TAIL_BYTES = 256 * 1024;

export async function loadJsonl(t: LoadTarget, careful: boolean): Promise<FormatResult> {
  if (t.scan.size === 0) return { rowsRead: 0, rowsLoaded: 0, quarantined: [] };
  try {
    if (careful) return await loadLines(t, false);
    if (!t.scan.utf8 || t.scan.bom || t.scan.blankLines || !t.scan.objectLines)
      return await loadLines(t, true);
    return await loadFast(t);
  } catch (err) {
    if (careful || err instanceof NeedsCarefulPath) throw err;
    throw new NeedsCarefulPath((err as Error).message);
  }
}

async function loadFast(t: LoadTarget): Promise<FormatResult> {
  const loaded = await readJsonLines(t, t.file.absPath, t.scan.size, null);
  if (loaded !== t.scan.lines)
    throw new NeedsCarefulPath(`read ${loaded} records from ${t.scan.lines} lines`);
  return { rowsRead: loaded, rowsLoaded: loaded, quarantined: [] };
}

/**
 * Inserts the records of a JSON-lines file read by read_json, numbered by their line, except those
 * whose numbers are in `skip` (a table with a column `ord`). Returns the rows inserted.
 */
async function readJsonLines(
  t: LoadTarget,
  file: string,
  size: number,
  skip: string | null,
): Promise<number> {
  const path = literal(file);
  const keys = sampleKeys(file, size);
  // read_json matches keys to columns by name, ignoring case: a key it cannot tell apart from
  // another, an empty one or one with a NUL (no SQL literal holds it) is for the careful path,
  // which reads keys by exact JSON path.
  const lower = new Set<string>();
  for (const k of keys) {
    if (k === '' || k.includes('\0') || lower.has(k.toLowerCase()))
      throw new NeedsCarefulPath(`key ${JSON.stringify(k)}`);
    lower.add(k.toLowerCase());
  }
  const names = await ensureBronzeTable(t.conn, t.file.table, keys);
  // The positional alias keeps odd key names out of the SQL. records=true: a line that is not an
  // object fails the read (it would otherwise turn every line into one JSON-text column).
  const realColumns = `{${keys.map((k) => `${literal(k)}: 'VARCHAR'`).join(', ')}}`;
  const alias = `_src(${[...keys.map((_, i) => ident(`c${i}`)), '_ord'].join(', ')})`;
  return insertRecords(
    t,
    names,
    keys.map((_, i) => ident(`c${i}`)),
    '_ord',
    `read_json(${path}, format='newline_delimited', records=true, columns=${realColumns}, maximum_object_size=268435456) WITH ORDINALITY AS ${alias}${skip ? ` WHERE _ord NOT IN (SELECT ord FROM ${ident(skip)})` : ''}`,
  );
}

/**
 * Top-level keys of the objects on the first 20,480 lines and in the last 256 KiB, exactly as
 * written (DuckDB's DESCRIBE would rename the ones it cannot use: "" or names differing only in
 * case), in first-seen order — as JSON.parse gives them, so within one object keys that look like
 * array indexes come first.
 */
function sampleKeys(file: string, size: number): string[] {
  const keys = new Set<string>();
  const add = (text: string) => {
    try {
      const v = JSON.parse(text) as unknown;
      if (v !== null && typeof v === 'object' && !Array.isArray(v))
        for (const k of Object.keys(v)) keys.add(k);
    } catch {
      // Not an object: the load itself judges it.
    }
  };
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let pos = 0;
    let lines = 0;
    let rest = Buffer.alloc(0);
    while (lines < HEAD_LINES && pos < size && pos < HEAD_MAX_BYTES) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n <= 0) break;
      pos += n;
      let buf = rest.length > 0 ? Buffer.concat([rest, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let nl = buf.indexOf(10);
      while (nl !== -1 && lines < HEAD_LINES) {
        add(buf.subarray(0, nl).toString('utf8'));
        lines++;
        buf = buf.subarray(nl + 1);
        nl = buf.indexOf(10);
      }
      rest = Buffer.from(buf);
    }
    if (lines < HEAD_LINES && pos >= size && rest.length > 0) add(rest.toString('utf8'));
    if (size > pos) {
      const tail = Buffer.allocUnsafe(Math.min(TAIL_BYTES, size - pos));
      readSync(fd, tail, 0, tail.length, size - tail.length);
      const text = tail.toString('utf8');
      for (const line of text.slice(text.indexOf('\n') + 1).split('\n')) add(line);
    }
  } finally {
    closeSync(fd);
  }
  return [...keys];
}

const OPEN = 0x7b;
const CLOSE = 0x7d;
const PLACEHOLDER = Buffer.from('{}\n');
const LF = Buffer.from('\n');

/**
 * The filtered path (`filtered`) or the careful one. Lines are split here; a blank line is not a
 * record; bad UTF-8 is quarantined with its exact bytes; the other records go to a temporary table
 * (ord: record number, ln: physical line) that the careful SQL judges — in the filtered path only
 * the odd ones, the plain ones going through read_json from a temporary copy.
 */
async function loadLines(t: LoadTarget, filtered: boolean): Promise<FormatResult> {
  const buf = readFileSync(t.file.absPath);
  const tmp = `jl_${randomUUID().replaceAll('-', '')}`;
  await t.conn.run(`CREATE TEMP TABLE ${ident(tmp)} (ord BIGINT, ln BIGINT, line VARCHAR)`);
  const copyPath = filtered ? join(tmpdir(), `ironworks-jsonl-${randomUUID()}.jsonl`) : null;
  let copy = copyPath ? openSync(copyPath, 'w') : null;
  const quarantined: QuarantineRecord[] = [];
  let records = 0;
  let plain = 0;
  let copyBytes = 0;
  try {
    const app: DuckDBAppender = await t.conn.createAppender(tmp, 'main', 'temp');
    // The copy is written in runs of the file's own bytes: plain lines as they are (a CR before the
    // LF is JSON white space), blank lines left out, a placeholder for each other record.
    const parts: Buffer[] = [];
    let run = -1; // where the current run of plain lines starts
    const cut = (at: number) => {
      if (run >= 0 && at > run) {
        parts.push(buf.subarray(run, at));
        copyBytes += at - run;
      }
      run = -1;
      if (copy !== null && parts.length >= 1024) writevSync(copy, parts.splice(0));
    };
    let start = 0;
    let lineNo = 0;
    while (start < buf.length) {
      let end = buf.indexOf(10, start);
      if (end === -1) end = buf.length;
      lineNo++;
      const lineStart = start;
      let line = buf.subarray(start, end);
      start = end + 1;
      if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
      if (lineNo === 1 && line.length >= 3 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf)
        line = line.subarray(3);
      if (isBlank(line)) {
        cut(lineStart);
        continue; // a blank line is not a record
      }
      records++;
      const utf8 = isUtf8(line);
      if (copy !== null) {
        if (utf8 && line[0] === OPEN && line[line.length - 1] === CLOSE) {
          plain++;
          // A BOM before the first line stays out of the copy.
          if (run < 0) run = lineNo === 1 ? line.byteOffset - buf.byteOffset : lineStart;
          if (end === buf.length) {
            cut(end); // the last line, without its line end
            parts.push(LF);
            copyBytes += 1;
          }
          continue;
        }
        cut(lineStart);
        parts.push(PLACEHOLDER);
        copyBytes += PLACEHOLDER.length;
      }
      if (!utf8) {
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
    }
    cut(buf.length);
    if (copy !== null) {
      if (parts.length > 0) writevSync(copy, parts);
      closeSync(copy);
      copy = null;
    }
    app.closeSync();

    let loaded = 0;
    if (copyPath !== null && plain > 0) {
      // The odd records' numbers (judged below, or quarantined above) are skipped in the copy.
      const skip = `${tmp}_skip`;
      await t.conn.run(`CREATE TEMP TABLE ${ident(skip)} (ord BIGINT)`);
      try {
        const sa = await t.conn.createAppender(skip, 'main', 'temp');
        for (const q of quarantined) {
          sa.appendBigInt(BigInt(q.ordinal ?? 0));
          sa.endRow();
        }
        sa.closeSync();
        await t.conn.run(`INSERT INTO ${ident(skip)} SELECT ord FROM ${ident(tmp)}`);
        loaded = await readJsonLines(t, copyPath, copyBytes, skip);
      } finally {
        await dropQuietly(t, skip);
      }
      if (loaded !== plain) throw new NeedsCarefulPath(`read ${loaded} of ${plain} plain records`);
    }
    loaded += await judgeLines(t, tmp, quarantined);
    quarantined.sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
    return { rowsRead: records, rowsLoaded: loaded, quarantined };
  } finally {
    if (copy !== null) closeSync(copy);
    if (copyPath !== null) rmSync(copyPath, { force: true });
    await dropQuietly(t, tmp);
  }
}

/** The careful SQL: loads the lines of `tmp` that are JSON objects, quarantines the others. */
async function judgeLines(t: LoadTarget, tmp: string, quarantined: QuarantineRecord[]): Promise<number> {
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
  return loaded;
}

/**
 * Blank: nothing but ASCII white space. (A byte like 0xA0 — no-break space in Latin-1 — is not
 * white space in UTF-8 but an invalid byte: such a line is a record, and a broken one.)
 */
function isBlank(line: Buffer): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0b && b !== 0x0c) return false;
  return true;
}
