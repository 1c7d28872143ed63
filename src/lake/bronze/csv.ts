/**
 * CSV through DuckDB's reader: header names from the file, every value as text, RFC 4180 quoting,
 * CRLF or LF, BOM tolerated. Records DuckDB rejects (wrong field count, bad UTF-8, broken quoting)
 * come back from its rejects table with their line and are quarantined with their exact bytes.
 */

import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { ident, literal, qualified } from '../sql.ts';
import { insertRecords } from './insert.ts';
import { ensureBronzeTable } from './table.ts';
import type { FormatResult, LoadTarget, QuarantineRecord } from './types.ts';

/** The dialect is fixed (RFC 4180): sniffing is skipped, so a broken record cannot mislead it. */
const DIALECT = `header=true, auto_detect=false, delim=',', quote='"', escape='"', max_line_size=16777216`;

const FRIENDLY: Record<string, string> = {
  'MISSING COLUMNS': 'fewer fields than the header (a truncated record?)',
  'TOO MANY COLUMNS': 'more fields than the header',
  'INVALID ENCODING': 'bytes that are not valid UTF-8',
  'INVALID UNICODE': 'bytes that are not valid UTF-8',
  'UNQUOTED VALUE': 'a quoted field that is not closed properly',
  'LINE SIZE OVER MAXIMUM': 'a record longer than 16 MiB',
};

export async function loadCsv(t: LoadTarget): Promise<FormatResult> {
  const path = literal(t.file.absPath);
  const columns = readHeader(t.file.absPath);
  if (columns.length === 0) return { rowsRead: 0, rowsLoaded: 0, quarantined: [] };
  const names = await ensureBronzeTable(t.conn, t.file.table, columns);
  const OPTIONS = `${DIALECT}, columns={${columns.map((_, i) => `${literal(`c${i}`)}: 'VARCHAR'`).join(', ')}}`;
  const rej = `rej_${randomUUID().replaceAll('-', '')}`;
  const alias = `_src(${[...columns.map((_, i) => ident(`c${i}`)), '_ord'].join(', ')})`;
  const loaded = await insertRecords(
    t,
    names,
    columns.map((_, i) => ident(`c${i}`)),
    '_ord',
    `read_csv(${path}, ${OPTIONS}, store_rejects=true, rejects_table=${literal(rej)}, rejects_scan=${literal(`${rej}_scan`)}) WITH ORDINALITY AS ${alias}`,
  );
  const rejects = await readRejects(t, rej);
  await t.conn.run(`DROP TABLE IF EXISTS ${ident(rej)}; DROP TABLE IF EXISTS ${ident(`${rej}_scan`)}`);
  if (rejects.length > 0) await renumber(t, names, loaded, rejects);
  return { rowsRead: loaded + rejects.length, rowsLoaded: loaded, quarantined: rejects.map((r) => r.q) };
}

/**
 * Column names from the header line: the one CSV line we split ourselves (DuckDB's sniffer would
 * need the data to be clean to find them). Quoted names with commas or doubled quotes are handled;
 * a BOM is dropped; empty names become column<N> as DuckDB would name them.
 */
export function readHeader(file: string): string[] {
  const fd = openSync(file, 'r');
  let line: Buffer;
  try {
    line = readLine(fd, 0);
  } finally {
    closeSync(fd);
  }
  let text = line.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return [];
  const names: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      names.push(cur);
      cur = '';
    } else cur += ch;
  }
  names.push(cur);
  const seen = new Map<string, number>();
  return names.map((n, i) => {
    const base = n.trim() === '' ? `column${i}` : n;
    const k = seen.get(base.toLowerCase()) ?? 0;
    seen.set(base.toLowerCase(), k + 1);
    return k === 0 ? base : `${base}_${k}`;
  });
}

interface Reject {
  line: number;
  newlines: number;
  q: QuarantineRecord;
}

async function readRejects(t: LoadTarget, rej: string): Promise<Reject[]> {
  let rows: Record<string, unknown>[];
  try {
    const r = await t.conn.runAndReadAll(
      `SELECT line, min(line_byte_position) AS pos, string_agg(DISTINCT error_type, ', ') AS types,
              first(error_message) AS message, first(csv_line) AS csv_line
       FROM ${ident(rej)} GROUP BY line ORDER BY line`,
    );
    rows = r.getRowObjectsJS();
  } catch {
    return []; // no rejects table: DuckDB creates it only when something was rejected
  }
  const fd = openSync(t.file.absPath, 'r');
  try {
    return rows.map((r) => {
      const line = Number(r.line);
      const raw = readLine(fd, Number(r.pos));
      const types = String(r.types);
      const friendly = types
        .split(', ')
        .map((x) => FRIENDLY[x] ?? x.toLowerCase())
        .join('; ');
      const csvLine = String(r.csv_line ?? '').replace(/^\r?\n/, '');
      return {
        line,
        newlines: (csvLine.match(/\n/g) ?? []).length,
        q: {
          ordinal: null,
          line,
          raw,
          errorType: types.replaceAll(' ', '_'),
          reason: `line ${line}: ${friendly} — ${String(r.message)}`,
        },
      };
    });
  } finally {
    closeSync(fd);
  }
}

/** The bytes of the physical line starting at `pos`, without its line end (capped at 16 MiB). */
function readLine(fd: number, pos: number): Buffer {
  const chunks: Buffer[] = [];
  let offset = pos;
  let total = 0;
  for (;;) {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, offset);
    if (n <= 0) break;
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl >= 0) {
      chunks.push(buf.subarray(0, nl));
      break;
    }
    chunks.push(buf.subarray(0, n));
    offset += n;
    total += n;
    if (total > 16 << 20) break;
  }
  const line = Buffer.concat(chunks);
  return line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line;
}

/**
 * DuckDB numbers accepted records 1, 2, 3… skipping the rejected ones; a record's number in the file
 * counts those too. Walking physical lines (a quoted field may span several) merges both sequences:
 * accepted ordinals shift by the number of rejected records before them.
 */
async function renumber(t: LoadTarget, names: string[], accepted: number, rejects: Reject[]): Promise<void> {
  const table = qualified('bronze', t.file.table);
  const slice = `_load_id = ${literal(t.loadId)} AND _source_file = ${literal(t.file.relPath)}`;
  const nlExpr = names
    .map((n) => `coalesce(length(${ident(n)}) - length(replace(${ident(n)}, chr(10), '')), 0)`)
    .join(' + ');
  const multi = new Map<number, number>();
  if (names.length > 0) {
    const r = await t.conn.runAndReadAll(
      `SELECT _ordinal AS o, ${nlExpr} AS nl FROM ${table} WHERE ${slice} AND (${nlExpr}) > 0`,
    );
    for (const row of r.getRowObjectsJS()) multi.set(Number(row.o), Number(row.nl));
  }
  const ranges: { lo: number; hi: number; k: number }[] = [];
  let physical = 2; // line 1 is the header
  let record = 0;
  let ia = 1;
  let ir = 0;
  let k = 0;
  while (ia <= accepted || ir < rejects.length) {
    record++;
    const rej = rejects[ir];
    if (rej && (rej.line <= physical || ia > accepted)) {
      rej.q.ordinal = record;
      physical = Math.max(physical, rej.line) + 1 + rej.newlines;
      ir++;
      k++;
    } else {
      const last = ranges[ranges.length - 1];
      if (last && last.k === k && last.hi === ia - 1) last.hi = ia;
      else ranges.push({ lo: ia, hi: ia, k });
      physical += 1 + (multi.get(ia) ?? 0);
      ia++;
    }
  }
  // One statement: each row is matched on its old number (a second statement would see shifted ones).
  const shifts = ranges.filter((r) => r.k > 0);
  if (shifts.length > 0) {
    const values = shifts.map((r) => `(${r.lo}, ${r.hi}, ${r.k})`).join(', ');
    await t.conn.run(
      `UPDATE ${table} SET _ordinal = _ordinal + m.k FROM (VALUES ${values}) m(lo, hi, k)
       WHERE ${slice} AND _ordinal BETWEEN m.lo AND m.hi`,
    );
  }
}
