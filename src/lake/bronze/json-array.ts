/**
 * A JSON array of objects (the seed's sensor_logs.json). DuckDB parses it; each element is a record
 * numbered by its position. Elements that are not objects are quarantined. An array that does not
 * parse at all is quarantined whole: with broken syntax, element boundaries cannot be trusted.
 */

import { randomUUID } from 'node:crypto';
import { ident, literal } from '../sql.ts';
import { insertRecords } from './insert.ts';
import { extractAll, orderedKeysSql } from './json-keys.ts';
import { dropQuietly, ensureBronzeTable } from './table.ts';
import { type FormatResult, type LoadTarget, type QuarantineRecord, QuarantineWholeFile } from './types.ts';

export async function loadJsonArray(t: LoadTarget): Promise<FormatResult> {
  if (t.scan.size === 0) return { rowsRead: 0, rowsLoaded: 0, quarantined: [] };
  const tmp = `arr_${randomUUID().replaceAll('-', '')}`;
  try {
    await t.conn.run(
      `CREATE TEMP TABLE ${ident(tmp)} AS SELECT json, ordinality AS ord FROM read_json_objects(${literal(t.file.absPath)}, format='array', maximum_object_size=268435456) WITH ORDINALITY`,
    );
  } catch (err) {
    // The failed statement aborted the transaction: load-file rolls back and keeps the file whole.
    throw new QuarantineWholeFile(
      t.scan.utf8 ? 'BROKEN_JSON' : 'INVALID_UTF8',
      `the file is not a readable JSON array, so it is kept whole: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  try {
    const keys = (await t.conn.runAndReadAll(orderedKeysSql(ident(tmp), 'json', 'ord')))
      .getRowObjectsJS()
      .map((r) => String(r.k));
    const names = await ensureBronzeTable(t.conn, t.file.table, keys, t.shared);
    const loaded = await insertRecords(
      t,
      names,
      extractAll('json', keys),
      'ord',
      `${ident(tmp)} WHERE json_type(json) = 'OBJECT'`,
    );
    const bad = await t.conn.runAndReadAll(
      `SELECT ord, json::VARCHAR AS j, json_type(json) AS ty FROM ${ident(tmp)} WHERE json_type(json) <> 'OBJECT' ORDER BY ord`,
    );
    const quarantined: QuarantineRecord[] = bad.getRowObjectsJS().map((r) => ({
      ordinal: Number(r.ord),
      line: null,
      raw: Buffer.from(String(r.j)),
      errorType: 'NOT_AN_OBJECT',
      reason: `element ${Number(r.ord)} is a JSON ${String(r.ty).toLowerCase()}, not an object`,
    }));
    const total = Number(
      (await t.conn.runAndReadAll(`SELECT count(*) AS n FROM ${ident(tmp)}`)).getRowObjectsJS()[0]?.n ?? 0,
    );
    return { rowsRead: total, rowsLoaded: loaded, quarantined };
  } finally {
    await dropQuietly(t, tmp);
  }
}
