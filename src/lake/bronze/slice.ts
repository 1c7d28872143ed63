/**
 * Slices: what one write put into a bronze table (a file's load, or a stream batch's events from one
 * drop file). A row stores only its slice's id and its record number; the load id, file, hash, day
 * and time are the slice's, kept once in ops.bronze_slices and joined back by the bronze views
 * (table.ts). Replacing a load's slice deletes by that id: one integer to compare per row, where
 * it was two strings.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal, qualified } from '../sql.ts';

export interface SliceOf {
  table: string;
  loadId: string;
  sourceFile: string;
  sha256: string | null;
  logicalDate: string | null;
}

/** `(id, table, load, file, hash, day, now())`: a slice row's values, `id` as SQL. */
const sliceValues = (id: string, s: SliceOf) =>
  `(${[
    id,
    literal(s.table),
    literal(s.loadId),
    literal(s.sourceFile),
    s.sha256 === null ? 'NULL' : literal(s.sha256),
    s.logicalDate === null ? 'NULL' : `DATE ${literal(s.logicalDate)}`,
    'now()',
  ].join(', ')})`;

/** Records a new slice (in the caller's transaction) and returns its id. */
export async function openSlice(conn: DuckDBConnection, s: SliceOf): Promise<number> {
  const r = await conn.runAndReadAll(
    `INSERT INTO ops.bronze_slices VALUES ${sliceValues(`nextval('ops.bronze_slice_seq')`, s)} RETURNING slice_id`,
  );
  return Number(r.getRowObjectsJS()[0]?.slice_id);
}

/** The ids of a load's slices of a file in a table, as an SQL subquery. */
const sliceIds = (table: string, loadId: string, sourceFile: string) =>
  `SELECT slice_id FROM ops.bronze_slices WHERE target_table = ${literal(table)} AND load_id = ${literal(loadId)} AND source_file = ${literal(sourceFile)}`;

/**
 * Deletes what a load put into a table from a file: its rows (when the table exists) and its
 * slices. Quarantined records are the caller's.
 */
export async function deleteSlices(
  conn: DuckDBConnection,
  table: string,
  loadId: string,
  sourceFile: string,
  tableExists: boolean,
): Promise<void> {
  const ids = sliceIds(table, loadId, sourceFile);
  if (tableExists) await conn.run(`DELETE FROM ${qualified('bronze_store', table)} WHERE _slice IN (${ids})`);
  await conn.run(`DELETE FROM ops.bronze_slices WHERE slice_id IN (${ids})`);
}
