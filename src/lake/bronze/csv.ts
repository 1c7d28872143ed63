/**
 * CSV through DuckDB's reader: header names from the file, every value as text, RFC 4180 quoting,
 * CRLF or LF, BOM tolerated. Records DuckDB rejects (wrong field count, bad UTF-8, broken quoting)
 * come back from its rejects table with their line and are quarantined with their exact bytes.
 */

import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ident, literal, qualified } from '../sql.ts';
import { insertRecords } from './insert.ts';
import { ensureBronzeTable } from './table.ts';
import { type FormatResult, type LoadTarget, NeedsCarefulPath, type QuarantineRecord } from './types.ts';

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

/** DuckDB's reader takes one line-end style per file; a mix of CRLF and LF row ends can stop it with this. */
const MIXED_LINE_ENDS = /CSV Parser state machine reached an invalid state/;

/**
 * With mixed line ends (or `careful`), DuckDB reads a copy of the file whose row ends are all LF
 * (line breaks inside quotes kept as they are): the same rows in the same order, so numbers and
 * quarantined bytes still come from the file itself.
 */
export async function loadCsv(t: LoadTarget, careful = false): Promise<FormatResult> {
  const columns = readHeader(t.file.absPath);
  if (columns.length === 0) return { rowsRead: 0, rowsLoaded: 0, quarantined: [] };
  // With both CRLF and LF row ends DuckDB's reader stops, or worse, misreads rows without a word.
  const source = careful || t.scan.mixedLineEnds ? withLfRowEnds(t.file.absPath) : t.file.absPath;
  try {
    const names = await ensureBronzeTable(t.conn, t.file.table, columns, t.shared);
    const OPTIONS = `${DIALECT}, columns={${columns.map((_, i) => `${literal(`c${i}`)}: 'VARCHAR'`).join(', ')}}`;
    const rej = `rej_${randomUUID().replaceAll('-', '')}`;
    const alias = `_src(${[...columns.map((_, i) => ident(`c${i}`)), '_ord'].join(', ')})`;
    let loaded: number;
    try {
      loaded = await insertRecords(
        t,
        names,
        columns.map((_, i) => ident(`c${i}`)),
        '_ord',
        `read_csv(${literal(source)}, ${OPTIONS}, store_rejects=true, rejects_table=${literal(rej)}, rejects_scan=${literal(`${rej}_scan`)}) WITH ORDINALITY AS ${alias}`,
      );
    } catch (err) {
      if (!careful && MIXED_LINE_ENDS.test((err as Error).message))
        throw new NeedsCarefulPath((err as Error).message);
      throw err;
    }
    const rejects = await readRejects(t, rej, source);
    await t.conn.run(`DROP TABLE IF EXISTS ${ident(rej)}; DROP TABLE IF EXISTS ${ident(`${rej}_scan`)}`);
    if (rejects.length > 0) await renumber(t, names, loaded, rejects);
    return { rowsRead: loaded + rejects.length, rowsLoaded: loaded, quarantined: rejects.map((r) => r.q) };
  } finally {
    if (source !== t.file.absPath) rmSync(source, { force: true });
  }
}

/** A temporary copy of a CSV file with every row ended by LF; the caller removes it. */
function withLfRowEnds(path: string): string {
  const buf = readFileSync(path);
  const parts: Buffer[] = [];
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    parts.push(buf.subarray(0, 3));
  const lf = Buffer.from('\n');
  for (const r of csvRows(buf)) parts.push(buf.subarray(r.start, r.end), lf);
  const out = join(tmpdir(), `ironworks-csv-${randomUUID()}.csv`);
  writeFileSync(out, Buffer.concat(parts));
  return out;
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
  /** DuckDB's line number: the header is 1, then one per row (blank rows too, multi-line records once). */
  line: number;
  newlines: number;
  /** What was wrong, for the reason (which starts with the line). */
  detail: string;
  q: QuarantineRecord;
}

async function readRejects(t: LoadTarget, rej: string, source: string): Promise<Reject[]> {
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
  const fd = openSync(source, 'r');
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
        detail: `${friendly} — ${String(r.message)}`,
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
 * counts those too. The exact way finds the file's rows itself; when they do not add up to what
 * DuckDB read (broken quoting it recovered from differently), walking DuckDB's line numbers merges
 * both sequences instead.
 */
async function renumber(t: LoadTarget, names: string[], accepted: number, rejects: Reject[]): Promise<void> {
  const ords = renumberExactly(t, accepted, rejects) ?? (await renumberByWalk(t, names, accepted, rejects));
  // Accepted record k becomes k + (rejected records before it): one range per gap between rejects.
  const rej = ords.sort((a, b) => a - b);
  const ranges: { lo: number; hi: number; k: number }[] = [];
  rej.forEach((r, j) => {
    const next = rej[j + 1] ?? accepted + rej.length + 1;
    const lo = r - j;
    const hi = next - (j + 1) - 1;
    if (lo <= hi) ranges.push({ lo, hi, k: j + 1 });
  });
  if (ranges.length > 0) {
    const table = qualified('bronze_store', t.file.table);
    const values = ranges.map((r) => `(${r.lo}, ${r.hi}, ${r.k})`).join(', ');
    // One statement: each row is matched on its old number (a second statement would see shifted ones).
    await t.conn.run(
      `UPDATE ${table} SET _ordinal = _ordinal + m.k FROM (VALUES ${values}) m(lo, hi, k)
       WHERE _slice = ${t.slice} AND _ordinal BETWEEN m.lo AND m.hi`,
    );
  }
}

interface Row {
  start: number;
  /** End of the row's bytes, its line end excluded. */
  end: number;
  /** Physical line (1-based) the row starts on. */
  line: number;
  blank: boolean;
}

/**
 * The rows of a CSV file as DuckDB splits them: a line end (LF, CRLF or CR) outside quotes ends a
 * row, so a quoted field may span lines; an empty row is blank (no record, but a line number).
 */
export function csvRows(buf: Buffer): Row[] {
  const rows: Row[] = [];
  const n = buf.length;
  let i = n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let start = i;
  let startLine = 1;
  let line = 1;
  let quoted = false;
  for (; i < n; i++) {
    const b = buf[i];
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a) {
      line++;
      if (!quoted) {
        rows.push({ start, end: i, line: startLine, blank: i === start });
        start = i + 1;
        startLine = line;
      }
    } else if (b === 0x0d && !quoted) {
      rows.push({ start, end: i, line: startLine, blank: i === start });
      if (buf[i + 1] === 0x0a) {
        i++;
        line++;
      }
      start = i + 1;
      startLine = line;
    }
  }
  if (start < n) rows.push({ start, end: n, line: startLine, blank: false });
  return rows;
}

/** Numbers and bytes of the rejects from the file's own rows; null when those do not add up. */
function renumberExactly(t: LoadTarget, accepted: number, rejects: Reject[]): number[] | null {
  const buf = readFileSync(t.file.absPath);
  const rows = csvRows(buf);
  const ordinal: number[] = [];
  let records = 0;
  rows.forEach((r, i) => {
    if (i > 0 && !r.blank) ordinal[i] = ++records;
  });
  if (records !== accepted + rejects.length) return null;
  const seen = new Set<number>();
  for (const rej of rejects) {
    const i = rej.line - 1;
    if (ordinal[i] === undefined || seen.has(i)) return null;
    seen.add(i);
  }
  return rejects.map((rej) => {
    const row = rows[rej.line - 1] as Row;
    rej.q.ordinal = ordinal[rej.line - 1] as number;
    rej.q.line = row.line;
    rej.q.raw = Buffer.from(buf.subarray(row.start, row.end));
    rej.q.reason = `line ${row.line}: ${rej.detail}`;
    return rej.q.ordinal;
  });
}

/**
 * Walking physical lines (a quoted field may span several) merges both sequences: accepted
 * ordinals shift by the number of rejected records before them. Returns the rejects' numbers.
 */
async function renumberByWalk(
  t: LoadTarget,
  names: string[],
  accepted: number,
  rejects: Reject[],
): Promise<number[]> {
  const table = qualified('bronze_store', t.file.table);
  const nlExpr = names
    .map((n) => `coalesce(length(${ident(n)}) - length(replace(${ident(n)}, chr(10), '')), 0)`)
    .join(' + ');
  const multi = new Map<number, number>();
  if (names.length > 0) {
    const r = await t.conn.runAndReadAll(
      `SELECT _ordinal AS o, ${nlExpr} AS nl FROM ${table} WHERE _slice = ${t.slice} AND (${nlExpr}) > 0`,
    );
    for (const row of r.getRowObjectsJS()) multi.set(Number(row.o), Number(row.nl));
  }
  let physical = 2; // line 1 is the header
  let record = 0;
  let ia = 1;
  let ir = 0;
  const out: number[] = [];
  while (ia <= accepted || ir < rejects.length) {
    record++;
    const rej = rejects[ir];
    if (rej && (rej.line <= physical || ia > accepted)) {
      rej.q.ordinal = record;
      out.push(record);
      physical = Math.max(physical, rej.line) + 1 + rej.newlines;
      ir++;
    } else {
      physical += 1 + (multi.get(ia) ?? 0);
      ia++;
    }
  }
  return out;
}
