/**
 * JSON lines, three ways, each a record per non-blank line (record n: the n-th non-blank line).
 *
 * - Direct (every line starts with `{`: no BOM, no blank or indented lines — bad UTF-8 and broken
 *   lines allowed): DuckDB's read_json reads the file itself with ignore_errors, numbered by line,
 *   straight into bronze, and the lines it gives as all-NULL rows are judged one by one
 *   (jsonl-direct.ts).
 * - Filtered (anything else): lines are split here (bytes only). The plain ones — valid UTF-8, `{` to
 *   `}` — go to a temporary copy that read_json reads as fast; each other record is a `{}` there, so
 *   numbers stay the file's, and goes through the careful SQL with its exact bytes.
 * - Careful (when DuckDB cannot read the filtered copy either, or cannot tell two keys apart): every
 *   record through the careful SQL — DuckDB judges and parses line by line; bad UTF-8, broken JSON
 *   and non-objects are quarantined with their bytes.
 *
 * Keys: every key of every line (json-keys.ts: one pass of DuckDB's parser over the file, ordered
 * by first appearance), so a key first seen anywhere mid-file becomes a column.
 */

import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writevSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBAppender } from '@duckdb/node-api';
import { ident } from '../sql.ts';
import { jsonlKeys, sampleKeys } from './json-keys.ts';
import { loadDirect } from './jsonl-direct.ts';
import { invalidUtf8, judgeLines, readJsonLines } from './jsonl-sql.ts';
import type { FileScan } from './scan.ts';
import { dropQuietly } from './table.ts';
import {
  type FormatResult,
  type LoadTarget,
  NeedsCarefulPath,
  NeedsExclusive,
  type QuarantineRecord,
} from './types.ts';

/** Whether the direct way can read the file: every line starts with `{` (no BOM, no blank lines). */
export const readsDirectly = (scan: FileScan) =>
  scan.size > 0 && !scan.bom && !scan.blankLines && scan.objectLines && scan.lineIndex !== undefined;

export async function loadJsonl(t: LoadTarget, careful: boolean): Promise<FormatResult> {
  if (t.scan.size === 0) return { rowsRead: 0, rowsLoaded: 0, quarantined: [] };
  try {
    if (careful) return await loadLines(t, false);
    if (readsDirectly(t.scan)) {
      const d = t.direct;
      if (d === undefined || 'error' in d) throw new NeedsCarefulPath(d?.error ?? 'keys not found');
      return d.keys.length > 0 ? await loadDirect(t, d.keys) : await loadLines(t, false);
    }
    return await loadLines(t, true);
  } catch (err) {
    if (careful || err instanceof NeedsCarefulPath || err instanceof NeedsExclusive) throw err;
    throw new NeedsCarefulPath((err as Error).message);
  }
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
      if (!utf8) quarantined.push(invalidUtf8(records, lineNo, line));
      else {
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
        const keys = await jsonlKeys(t.conn, copyPath, sampleKeys(copyPath, copyBytes));
        // Without keys (every plain line a `{}`) read_json has no columns to read: the careful way.
        if (keys.length === 0) throw new NeedsCarefulPath('no keys');
        loaded = await readJsonLines(t, copyPath, keys, skip);
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

/**
 * Blank: nothing but ASCII white space. (A byte like 0xA0 — no-break space in Latin-1 — is not
 * white space in UTF-8 but an invalid byte: such a line is a record, and a broken one.)
 */
function isBlank(line: Buffer): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0b && b !== 0x0c) return false;
  return true;
}
