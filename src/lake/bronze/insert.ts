/** The INSERT that lands records in bronze with their metadata, shared by every format. */
import { ident, literal, qualified } from '../sql.ts';
import type { LoadTarget } from './types.ts';

/**
 * `INSERT INTO bronze.<table> (<columns>, metadata…) SELECT <expressions>, metadata… FROM <from>`;
 * `ordinal` is the SQL giving each record's number in the file. Returns the rows inserted.
 */
export async function insertRecords(
  t: LoadTarget,
  bronzeColumns: string[],
  expressions: string[],
  ordinal: string,
  from: string,
): Promise<number> {
  const meta = [
    literal(t.loadId),
    literal(t.file.relPath),
    ordinal,
    literal(t.scan.sha256),
    t.file.logicalDate ? `DATE ${literal(t.file.logicalDate)}` : 'NULL',
    'now()',
  ];
  const cols = [
    ...bronzeColumns.map(ident),
    '_load_id',
    '_source_file',
    '_ordinal',
    '_file_sha256',
    '_logical_date',
    '_ingested_at',
  ];
  const sql = `INSERT INTO ${qualified('bronze', t.file.table)} (${cols.join(', ')}) SELECT ${[...expressions, ...meta].join(', ')} FROM ${from}`;
  const r = await t.conn.run(sql);
  return Number(r.rowsChanged);
}
