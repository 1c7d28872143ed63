/**
 * The SQL shared by the JSON-lines ways: read_json over a file (every key as text, numbered by
 * line) and the careful judge of single lines (DuckDB parses each; non-objects, broken JSON and bad
 * UTF-8 are quarantined with their bytes).
 */
import { ident, literal } from '../sql.ts';
import { insertRecords } from './insert.ts';
import { extractAll, orderedKeysSql } from './json-keys.ts';
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
 * Inserts the records of a JSON-lines file read by read_json, numbered by their line, except those
 * whose numbers are in `skip` (a table with a column `ord`). `tolerant`: a line read_json cannot
 * read gives an all-NULL row instead of failing the statement. Returns the bronze names of the keys
 * and the rows inserted.
 */
export async function readJsonLines(
  t: LoadTarget,
  file: string,
  keys: string[],
  tolerant: boolean,
  skip: string | null,
  /** Leave out rows with every column NULL (with `tolerant`, what read_json could not read). */
  dropAllNull = false,
): Promise<{ names: string[]; read: number }> {
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
  const conds = [
    ...(skip ? [`_ord NOT IN (SELECT ord FROM ${ident(skip)})`] : []),
    ...(dropAllNull ? [`NOT (${keys.map((_, i) => `${ident(`c${i}`)} IS NULL`).join(' AND ')})`] : []),
  ];
  const where = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
  const read = await insertRecords(
    t,
    names,
    keys.map((_, i) => ident(`c${i}`)),
    '_ord',
    `read_json(${literal(file)}, format='newline_delimited', records=true, columns=${realColumns}, maximum_object_size=268435456${tolerant ? ', ignore_errors=true' : ''}) WITH ORDINALITY AS ${alias}${where}`,
  );
  return { names, read };
}

/** The careful SQL: loads the lines of `tmp` that are JSON objects, quarantines the others. */
export async function judgeLines(
  t: LoadTarget,
  tmp: string,
  quarantined: QuarantineRecord[],
): Promise<number> {
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
