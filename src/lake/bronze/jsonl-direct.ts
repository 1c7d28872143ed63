/**
 * JSON lines read straight from the file, when every line starts with `{` (no BOM, no blank or
 * indented lines; bad UTF-8 and broken lines allowed): no copy, no pass over the lines here.
 *
 * DuckDB's read_json reads it, every key as text, with ignore_errors: a line it cannot read still
 * gives a row, all NULL, so row n is line n. Rows with every column NULL are left out of the insert
 * and found again by their missing numbers; their lines (a `{}`, an unreadable line, and — DuckDB's
 * error recovery does this — sometimes the good line after a broken one) are judged one by one by
 * the careful SQL from their exact bytes, found through the scan's line index. Rows and lines being
 * in step is checked, not assumed: no row numbered beyond the last line, and the last line, if it
 * holds a record, has its row.
 */

import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { ident, literal, qualified } from '../sql.ts';
import { jsonlKeys, sampleKeys } from './json-keys.ts';
import { invalidUtf8, judgeLines, readJsonLines } from './jsonl-sql.ts';
import { readLines } from './lines.ts';
import { dropQuietly } from './table.ts';
import { type FormatResult, type LoadTarget, NeedsCarefulPath, type QuarantineRecord } from './types.ts';

/** The direct way; `null` when the file has no keys at all (nothing for read_json to read). */
export async function loadDirect(t: LoadTarget): Promise<FormatResult | null> {
  const path = t.file.absPath;
  const n = t.scan.lines;
  const keys = t.keys ?? (await jsonlKeys(t.conn, path, sampleKeys(path, t.scan.size), t.scan.longestLine));
  if (keys.length === 0) return null;
  const { read: loaded } = await readJsonLines(t, path, keys, true, null, true);
  const gone = loaded === n ? [] : await missingOrdinals(t, n);
  if (loaded + gone.length !== n)
    throw new NeedsCarefulPath(`read ${loaded} records and ${gone.length} unreadable from ${n} lines`);
  if (gone.length === 0) return { rowsRead: n, rowsLoaded: n, quarantined: [] };
  const left = new Set(gone);

  const bytes = readLines(path, t.scan.lineIndex ?? [0], gone);
  if (bytes.size !== gone.length) throw new NeedsCarefulPath(`found ${bytes.size} of ${gone.length} lines`);
  // With as many rows as lines, ordinals 1..n are the lines in order. With fewer (lines merged
  // somewhere), the last line would have no row although it holds a record: out of step.
  if (left.has(n) && !left.has(n - 1) && holdsValues(bytes.get(n) as Buffer))
    throw new NeedsCarefulPath(`the last line holds a record but read_json gave it no row`);

  const tmp = `jl_${randomUUID().replaceAll('-', '')}`;
  await t.conn.run(`CREATE TEMP TABLE ${ident(tmp)} (ord BIGINT, ln BIGINT, line VARCHAR)`);
  try {
    const quarantined: QuarantineRecord[] = [];
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
    const judged = await judgeLines(t, tmp, quarantined);
    quarantined.sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
    return { rowsRead: n, rowsLoaded: loaded + judged, quarantined };
  } finally {
    await dropQuietly(t, tmp);
  }
}

const sliceOf = (t: LoadTarget) =>
  `_load_id = ${literal(t.loadId)} AND _source_file = ${literal(t.file.relPath)}`;

/**
 * Record numbers 1..n with no row in the file's slice: the zero bits of one bitstring aggregate (a
 * number beyond n is an error, which sends the file the careful way). ~5× cheaper than an anti join.
 */
async function missingOrdinals(t: LoadTarget, n: number): Promise<number[]> {
  const r = await t.conn.runAndReadAll(
    `SELECT bitstring_agg(_ordinal, 1, ${n})::VARCHAR AS b FROM ${qualified('bronze', t.file.table)} WHERE ${sliceOf(t)}`,
  );
  const b = r.getRowObjectsJS()[0]?.b;
  // No row at all: every number is missing.
  const bits = b === null || b === undefined ? '0'.repeat(n) : String(b);
  const out: number[] = [];
  for (let i = bits.indexOf('0'); i !== -1; i = bits.indexOf('0', i + 1)) out.push(i + 1);
  return out;
}

/** An object with a non-null value for some key: read_json would give it a row that is not all NULL. */
function holdsValues(line: Buffer): boolean {
  if (!isUtf8(line)) return false;
  try {
    const v = JSON.parse(line.toString('utf8')) as unknown;
    return (
      v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).some((x) => x !== null)
    );
  } catch {
    return false;
  }
}
