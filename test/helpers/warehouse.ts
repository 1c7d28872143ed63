/** Reading a warehouse in tests: rows as plain objects, and a content hash per table. */
import type { Warehouse } from '../../src/lake/warehouse.ts';

export async function rows<T = Record<string, unknown>>(wh: Warehouse, sql: string): Promise<T[]> {
  const r = await wh.conn.runAndReadAll(sql);
  return r.getRowObjectsJson() as T[];
}

/** Order-independent content hash of a table, optionally without some columns. */
export async function tableHash(wh: Warehouse, table: string, exclude: string[] = []): Promise<string> {
  const ex = exclude.length ? ` EXCLUDE (${exclude.join(', ')})` : '';
  const [r] = await rows<{ h: string; n: string }>(
    wh,
    `SELECT md5(coalesce(string_agg(x, '\n' ORDER BY x), '')) AS h, count(*) AS n
     FROM (SELECT r::VARCHAR AS x FROM (SELECT *${ex} FROM ${table}) r)`,
  );
  return `${r?.n}:${r?.h}`;
}
