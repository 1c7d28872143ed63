/**
 * The SQL shared by the JSON-lines ways: read_json over a file (every key as text, numbered by
 * line) and the careful judge of single lines (DuckDB parses each; non-objects, broken JSON and bad
 * UTF-8 are quarantined with their bytes).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal } from '../sql.ts';
import { insertRecords } from './insert.ts';
import { extractAll, objectSize, orderedKeysSql } from './json-keys.ts';
import { ensureBronzeTable } from './table.ts';
import { type LoadTarget, NeedsCarefulPath, type QuarantineRecord } from './types.ts';

export const invalidUtf8 = (ordinal: number, line: number, raw: Buffer): QuarantineRecord => ({
  ordinal,
  line,
  raw: Buffer.from(raw),
  errorType: 'INVALID_UTF8',
  reason: `line ${line}: bytes that are not valid UTF-8`,
});

/**
 * read_json over a JSON-lines file, every key as text, its columns aliased c0, c1… (the positional
 * alias keeps odd key names out of the SQL). records=true: a line that is not an object fails the
 * read (it would otherwise turn every line into one JSON-text column). `tolerant`: a line read_json
 * cannot read gives an all-NULL row instead of failing the statement. `extra` names more columns
 * the FROM adds (WITH ORDINALITY's).
 */
export function readJsonSql(
  file: string,
  keys: string[],
  tolerant: boolean,
  extra: string[] = [],
  /** The file's longest line (FileScan.longestLine), when known. */
  longestLine?: number,
): string {
  // read_json matches keys to columns by name, ignoring case: a key it cannot tell apart from
  // another, an empty one or one with a NUL (no SQL literal holds it) is for the careful path,
  // which reads keys by exact JSON path.
  const lower = new Set<string>();
  for (const k of keys) {
    if (k === '' || k.includes('\0') || lower.has(k.toLowerCase()))
      throw new NeedsCarefulPath(`key ${JSON.stringify(k)}`);
    lower.add(k.toLowerCase());
  }
  const columns = `{${keys.map((k) => `${literal(k)}: 'VARCHAR'`).join(', ')}}`;
  const ordinality = extra.length > 0 ? ' WITH ORDINALITY' : '';
  const alias = `_src(${[...keys.map((_, i) => ident(`c${i}`)), ...extra.map(ident)].join(', ')})`;
  return `read_json(${literal(file)}, format='newline_delimited', records=true, columns=${columns}${objectSize(longestLine)}${tolerant ? ', ignore_errors=true' : ''})${ordinality} AS ${alias}`;
}

/** `NOT (c0 IS NULL AND c1 IS NULL …)`: a row read_json could read (or an object with some value). */
export const notAllNull = (keys: string[]) =>
  `NOT (${keys.map((_, i) => `${ident(`c${i}`)} IS NULL`).join(' AND ')})`;

/**
 * Inserts the records of a JSON-lines file read by read_json, numbered by their line, except those
 * whose numbers are in `skip` (a table with a column `ord`); every line must be readable. Returns
 * the rows inserted. (WITH ORDINALITY reads on one thread; this is the way for odd files only.)
 */
export async function readJsonLines(
  t: LoadTarget,
  file: string,
  keys: string[],
  skip: string,
): Promise<number> {
  const from = readJsonSql(file, keys, false, ['_ord']);
  const names = await ensureBronzeTable(t.conn, t.file.table, keys, t.shared);
  return insertRecords(
    t,
    names,
    keys.map((_, i) => ident(`c${i}`)),
    '_ord',
    `${from} WHERE _ord NOT IN (SELECT ord FROM ${ident(skip)})`,
  );
}

/**
 * The lines of a table of lines (ord, ln, line) that are JSON objects: what the careful SQL loads.
 * (A CASE, as json_type fails on invalid JSON and an AND inside an expression evaluates both sides.)
 */
export const OBJECT_LINES = `CASE WHEN json_valid(line) THEN json_type(line::JSON) = 'OBJECT' ELSE false END`;

/** The keys of the objects in a table of lines (`table`: SQL naming it), in first-seen order. */
export async function lineKeys(conn: DuckDBConnection, table: string): Promise<string[]> {
  const r = await conn.runAndReadAll(
    orderedKeysSql(`(SELECT line::JSON AS j, ord FROM ${table} WHERE json_valid(line))`, 'j', 'ord'),
  );
  return r.getRowObjectsJS().map((x) => String(x.k));
}

/** The lines of a table of lines that are not objects (broken JSON, or another JSON value), for quarantine. */
export async function notObjects(conn: DuckDBConnection, table: string): Promise<QuarantineRecord[]> {
  const bad = await conn.runAndReadAll(
    `SELECT ord, ln, line, json_valid(line) AS ok, CASE WHEN json_valid(line) THEN json_type(line::JSON) END AS ty
     FROM ${table} WHERE NOT (${OBJECT_LINES}) ORDER BY ord`,
  );
  return bad.getRowObjectsJS().map((r) => {
    const ln = Number(r.ln);
    return {
      ordinal: Number(r.ord),
      line: ln,
      raw: Buffer.from(String(r.line)),
      errorType: r.ok ? 'NOT_AN_OBJECT' : 'BROKEN_JSON',
      reason: r.ok
        ? `line ${ln}: a JSON ${String(r.ty).toLowerCase()}, not an object`
        : `line ${ln}: not valid JSON (truncated or broken)`,
    };
  });
}

/** The careful SQL: loads the lines of `tmp` that are JSON objects, quarantines the others. */
export async function judgeLines(
  t: LoadTarget,
  tmp: string,
  quarantined: QuarantineRecord[],
): Promise<number> {
  const keys = await lineKeys(t.conn, ident(tmp));
  const names = await ensureBronzeTable(t.conn, t.file.table, keys, t.shared);
  const loaded = await insertRecords(
    t,
    names,
    extractAll('line', keys),
    'ord',
    `${ident(tmp)} WHERE ${OBJECT_LINES}`,
  );
  quarantined.push(...(await notObjects(t.conn, ident(tmp))));
  return loaded;
}
