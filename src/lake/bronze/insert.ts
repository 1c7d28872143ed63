/** The INSERT that lands records in bronze with their slice and number, shared by every format. */
import { ident, qualified } from '../sql.ts';
import type { LoadTarget } from './types.ts';

/**
 * `INSERT INTO bronze_store.<table> (<columns>, _slice, _ordinal) SELECT <expressions>, <slice>,
 * <ordinal> FROM <from>`; `ordinal` is the SQL giving each record's number in the file. Returns the
 * rows inserted.
 */
export async function insertRecords(
  t: LoadTarget,
  bronzeColumns: string[],
  expressions: string[],
  ordinal: string,
  from: string,
): Promise<number> {
  const cols = [...bronzeColumns.map(ident), '_slice', '_ordinal'];
  const sql = `INSERT INTO ${qualified('bronze_store', t.file.table)} (${cols.join(', ')}) SELECT ${[...expressions, String(t.slice), ordinal].join(', ')} FROM ${from}`;
  const r = await t.conn.run(sql);
  return Number(r.rowsChanged);
}
