/**
 * Rows that carry bronze's metadata on every row — the tables of warehouses written before bronze
 * was stored slim (slice.ts), or hand-made fixtures — landed in the slim layout: each distinct
 * (load, file, hash, day, time) becomes a slice, each row keeps its values and number.
 *
 * Opening a warehouse moves its old-layout bronze tables this way, one transaction per table.
 * Bronze is the one layer that cannot be rebuilt once the files are gone, so it is converted in
 * place, never dropped; the views then show the rows the table held.
 */
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal, qualified } from '../sql.ts';
import { ensureBronzeTable, META_COLUMNS } from './table.ts';

const META: string[] = META_COLUMNS.map(([n]) => n);
/** What makes a slice: every metadata column but the record number. */
const SLICE_KEYS = META.filter((m) => m !== '_ordinal');

/**
 * Lands the rows of `from` (SQL naming a relation with source columns and the six metadata
 * columns) in `bronze_store.<table>`, creating it or adding columns as a load would. In the
 * caller's transaction. Returns the rows landed.
 */
export async function landWithMetadata(conn: DuckDBConnection, table: string, from: string): Promise<number> {
  const columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`))
    .getRowObjectsJS()
    .map((r) => String(r.column_name));
  const missing = META.filter((m) => !columns.includes(m));
  if (missing.length > 0) throw new Error(`${from} lacks bronze's metadata columns ${missing.join(', ')}`);
  const source = columns.filter((c) => !META.includes(c));
  const names = await ensureBronzeTable(conn, table, source);
  // Read once: `from` may hold volatile values (now()) that must match between slices and rows.
  const tag = randomUUID().replaceAll('-', '');
  const rows = ident(`_rows_${tag}`);
  const slices = ident(`_slices_${tag}`);
  const keys = SLICE_KEYS.map(ident).join(', ');
  try {
    await conn.run(`CREATE TEMP TABLE ${rows} AS SELECT * FROM ${from}`);
    await conn.run(
      `CREATE TEMP TABLE ${slices} AS
       SELECT nextval('ops.bronze_slice_seq') AS slice_id, * FROM (SELECT DISTINCT ${keys} FROM ${rows})`,
    );
    await conn.run(
      `INSERT INTO ops.bronze_slices SELECT slice_id, ${literal(table)}, ${keys} FROM ${slices}`,
    );
    const matches = SLICE_KEYS.map((k) => `b.${ident(k)} IS NOT DISTINCT FROM s.${ident(k)}`).join(' AND ');
    const r = await conn.run(
      `INSERT INTO ${qualified('bronze_store', table)} (${[...names, '_slice', '_ordinal'].map(ident).join(', ')})
       SELECT ${source.map((c) => `b.${ident(c)}`).join(', ')}${source.length ? ', ' : ''}s.slice_id, b._ordinal
       FROM ${rows} b JOIN ${slices} s ON ${matches} ORDER BY s.slice_id, b._ordinal`,
    );
    return Number(r.rowsChanged);
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${slices}; DROP TABLE IF EXISTS ${rows}`).catch(() => {});
  }
}

/** Converts every old-layout bronze table (a base table in schema bronze); returns their names. */
export async function upgradeBronzeLayout(conn: DuckDBConnection): Promise<string[]> {
  const tables = (
    await conn.runAndReadAll(
      `SELECT table_name AS t FROM information_schema.tables
       WHERE table_schema = 'bronze' AND table_type = 'BASE TABLE' AND table_name <> 'quarantine' ORDER BY 1`,
    )
  )
    .getRowObjectsJS()
    .map((r) => String(r.t));
  for (const t of tables) await upgradeTable(conn, t);
  return tables;
}

async function upgradeTable(conn: DuckDBConnection, table: string): Promise<void> {
  const columns = (
    await conn.runAndReadAll(`SELECT name FROM pragma_table_info(${literal(qualified('bronze', table))})`)
  )
    .getRowObjectsJS()
    .map((r) => String(r.name));
  const missing = META.filter((m) => !columns.includes(m));
  if (missing.length > 0)
    throw new Error(
      `bronze.${table} is a table without bronze's metadata columns (${missing.join(', ')}): it is not one ironworks wrote, so it cannot be moved to bronze_store; rename or drop it`,
    );
  // Once per table, and it copies the table: on a large warehouse this takes a while.
  console.error(
    `ironworks: moving bronze.${table} to the slim layout (bronze_store + ops.bronze_slices), once…`,
  );
  // The views take the table's name: it steps aside first, within the same transaction.
  const old = qualified('bronze', `${table}__before_slices`);
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(`DROP VIEW IF EXISTS ${qualified('bronze', `${table}_current`)}`);
    await conn.run(`ALTER TABLE ${qualified('bronze', table)} RENAME TO ${ident(`${table}__before_slices`)}`);
    await landWithMetadata(conn, table, old);
    await conn.run(`DROP TABLE ${old}`);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => {});
    throw err;
  }
}
