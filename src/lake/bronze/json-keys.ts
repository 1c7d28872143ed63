/** Top-level keys of JSON objects, in first-seen order, and the SQL to pull them out as text. */
import { closeSync, openSync, readSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal } from '../sql.ts';

/**
 * `$."key"`: a JSON path that survives dots, spaces and quotes in key names. The empty key, which
 * that syntax cannot name, is the JSON Pointer `/`.
 */
export const keyPath = (key: string) =>
  key === '' ? '/' : `$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** The path as SQL: a literal, or literals joined by chr(0) for a key with a NUL (a literal cannot hold one). */
const pathSql = (key: string) =>
  keyPath(key)
    .split('\0')
    .map((part) => literal(part))
    .join(' || chr(0) || ');

/** One list extraction parses each object once; element i is key i's value as text. */
export function extractAll(jsonExpr: string, keys: string[]): string[] {
  if (keys.length === 0) return [];
  const list = `json_extract_string(${jsonExpr}, [${keys.map(pathSql).join(', ')}])`;
  return keys.map((_, i) => `${list}[${i + 1}]`);
}

export const orderedKeysSql = (from: string, jsonCol: string, ordCol: string) =>
  `SELECT k FROM (SELECT unnest(json_keys(${ident(jsonCol)})) AS k, ${ident(ordCol)} AS o, generate_subscripts(json_keys(${ident(jsonCol)}), 1) AS p FROM ${from} WHERE json_type(${ident(jsonCol)}) = 'OBJECT')
   GROUP BY k ORDER BY min(o * 100000 + p)`;

/**
 * DuckDB's JSON reader sizes its buffers by the largest object it allows: with 256 MiB it reads a
 * file of less than that in one buffer, on one thread, and ~1.5× slower; so the larger size only
 * when a line needs more than the default 16 MiB (or its length is not known).
 */
export const objectSize = (longestLine?: number) =>
  longestLine === undefined || longestLine >= 8 << 20 ? ', maximum_object_size=268435456' : '';

/**
 * Every top-level key of the objects in a JSON-lines file, in first-seen order: `known` (keys already
 * found, e.g. from a sample, in their order) first, then any others by where they first appear.
 * One pass of DuckDB's parser over the whole file — a key that first shows up on any line is
 * found, so a column a producer adds mid-file is kept, never dropped. Lines it cannot parse add none.
 * (The set is one cheap DISTINCT; ordering the rare keys beyond `known` takes a second pass.)
 */
export async function jsonlKeys(
  conn: DuckDBConnection,
  file: string,
  known: string[],
  /** The file's longest line (FileScan.longestLine), when known. */
  longestLine?: number,
): Promise<string[]> {
  const from = `read_json_objects(${literal(file)}, format='newline_delimited', ignore_errors=true${objectSize(longestLine)})`;
  const all = (await conn.runAndReadAll(`SELECT DISTINCT unnest(json_keys(json)) AS k FROM ${from}`))
    .getRowObjectsJS()
    .map((x) => String(x.k));
  const have = new Set(known);
  const extra = new Set(all.filter((k) => !have.has(k)));
  if (extra.size === 0) return known;
  const r = await conn.runAndReadAll(
    `SELECT k FROM (
       SELECT unnest(json_keys(json)) AS k, ordinality AS o, generate_subscripts(json_keys(json), 1) AS p
       FROM ${from} WITH ORDINALITY
     ) WHERE k IN (${[...extra].map(keyLiteral).join(', ')}) GROUP BY k ORDER BY min(o::HUGEINT * 4294967296 + p)`,
  );
  return [...known, ...r.getRowObjectsJS().map((x) => String(x.k))];
}

/** A key as an SQL string, NULs included (a literal cannot hold one). */
const keyLiteral = (key: string) =>
  key
    .split('\0')
    .map((part) => literal(part))
    .join(' || chr(0) || ');

/** Where keys are sampled: the first lines (within a byte budget) and the last bytes. */
const HEAD_LINES = 20480;
const HEAD_MAX_BYTES = 64 << 20;
const TAIL_BYTES = 256 * 1024;

/**
 * Top-level keys of the objects on the first 20,480 lines and in the last 256 KiB, exactly as
 * written, in first-seen order — as JSON.parse gives them, so within one object keys that look like
 * array indexes come first. Only the order of columns comes from here: jsonlKeys finds the rest.
 */
export function sampleKeys(file: string, size: number): string[] {
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
