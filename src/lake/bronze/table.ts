/**
 * Bronze tables: every source column as text, in first-seen order, plus the load's metadata. A
 * column that appears later (schema drift) is added, never dropped; `<table>_current` shows each
 * file's latest successful load.
 *
 * Stored slim (slice.ts): `bronze_store.<table>` holds the source columns, `_slice` and `_ordinal`;
 * the views `bronze.<table>` and `bronze.<table>_current` add the slice's metadata back, so readers
 * see the columns META_COLUMNS lists.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal, qualified } from '../sql.ts';
import { NeedsExclusive } from './types.ts';

export const META_COLUMNS = [
  ['_load_id', 'VARCHAR'],
  ['_source_file', 'VARCHAR'],
  ['_ordinal', 'BIGINT'],
  ['_file_sha256', 'VARCHAR'],
  ['_logical_date', 'DATE'],
  ['_ingested_at', 'TIMESTAMPTZ'],
] as const;
/** The stored columns beside the source ones. */
const STORED_META = [
  ['_slice', 'BIGINT'],
  ['_ordinal', 'BIGINT'],
] as const;
const META = new Set<string>([...META_COLUMNS, ...STORED_META].map(([n]) => n));

/** A column bronze adds (metadata, stored or joined back), as opposed to a source column. */
export const isBronzeMeta = (column: string) => META.has(column);

/**
 * A source column whose name collides with ours (in any case), or that has no name, keeps its data
 * under `_src<name>`; a NUL in a name (which SQL cannot quote) becomes U+FFFD.
 */
export const bronzeColumnName = (name: string) => {
  const n = name.replaceAll('\0', '\uFFFD');
  return META.has(n.toLowerCase()) || n === '' ? `_src${n}` : n;
};

/**
 * Bronze names for a file's columns. DuckDB's names ignore case, so names that differ only in case
 * get `_1`, `_2`… (in file order), and a name matching an existing column in another case is that
 * column (a producer that changes a header's case still fills the same column).
 */
export function bronzeNames(sourceColumns: string[], existing: string[]): string[] {
  const have = new Map(existing.map((c) => [c.toLowerCase(), c]));
  const taken = new Set<string>();
  return sourceColumns.map((c) => {
    const base = bronzeColumnName(c);
    let n = base;
    for (let k = 1; taken.has(n.toLowerCase()); k++) n = `${base}_${k}`;
    taken.add(n.toLowerCase());
    return have.get(n.toLowerCase()) ?? n;
  });
}

/**
 * The table's columns in order, none if it does not exist yet. pragma_table_info is ~10× faster
 * than information_schema, which counts when it runs for every file; a missing table is a Catalog
 * Error, which leaves an open transaction usable.
 */
export async function tableColumns(conn: DuckDBConnection, table: string): Promise<string[]> {
  let r: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
  try {
    r = await conn.runAndReadAll(
      `SELECT name FROM pragma_table_info(${literal(qualified('bronze_store', table))}) ORDER BY cid`,
    );
  } catch (err) {
    if (/^Catalog Error: Table with name .* does not exist/.test((err as Error).message)) return [];
    throw err;
  }
  return r.getRowObjectsJS().map((x) => String(x.name));
}

/** Creates the table or adds the columns it lacks; returns the bronze names of `sourceColumns`. */
export async function ensureBronzeTable(
  conn: DuckDBConnection,
  table: string,
  sourceColumns: string[],
  /**
   * Other transactions may be writing the table (ingest's lanes): DDL would conflict with them, so
   * a change needed throws NeedsExclusive instead.
   */
  shared = false,
): Promise<string[]> {
  const existing = await tableColumns(conn, table);
  const names = bronzeNames(sourceColumns, existing);
  const have = new Set(existing.map((c) => c.toLowerCase()));
  const added = names.filter((n) => !have.has(n.toLowerCase()));
  if (shared && (existing.length === 0 || added.length > 0))
    throw new NeedsExclusive(
      `bronze_store.${table} lacks ${existing.length === 0 ? '(the table)' : added.join(', ')}: changed alone`,
    );
  if (existing.length === 0) {
    const cols = [
      ...names.map((n) => `${ident(n)} VARCHAR`),
      ...STORED_META.map(([n, t]) => `${ident(n)} ${t}`),
    ];
    await conn.run(`CREATE TABLE ${qualified('bronze_store', table)} (${cols.join(', ')})`);
    await createBronzeViews(conn, table);
  } else {
    for (const n of added)
      await conn.run(`ALTER TABLE ${qualified('bronze_store', table)} ADD COLUMN ${ident(n)} VARCHAR`);
    // A view's query sees new columns by itself, but the catalog (information_schema, what BI tools
    // list) keeps the columns it had when created: made again, it lists them.
    if (added.length > 0) await createBronzeViews(conn, table);
  }
  return names;
}

/**
 * `bronze.<table>` (every load) and `bronze.<table>_current` (each file's latest successful load):
 * the stored rows with their slice's metadata, in the documented order (source columns first).
 * `_current` picks the current slices first (few rows), then their records.
 */
export async function createBronzeViews(conn: DuckDBConnection, table: string): Promise<void> {
  const select = (slices: string) =>
    `SELECT r.* EXCLUDE (_slice, _ordinal), s.load_id AS _load_id, s.source_file AS _source_file, r._ordinal,
            s.file_sha256 AS _file_sha256, s.logical_date AS _logical_date, s.ingested_at AS _ingested_at
     FROM ${qualified('bronze_store', table)} r JOIN ${slices} s ON s.slice_id = r._slice`;
  await conn.run(`CREATE OR REPLACE VIEW ${qualified('bronze', table)} AS ${select('ops.bronze_slices')}`);
  await conn.run(
    `CREATE OR REPLACE VIEW ${qualified('bronze', `${table}_current`)} AS ${select(
      `(SELECT s.* FROM ops.bronze_slices s JOIN ops.current_file_loads c
          ON c.path = s.source_file AND c.load_id = s.load_id AND c.target_table = s.target_table
        WHERE s.target_table = ${literal(table)})`,
    )}`,
  );
}

/**
 * Drops a temporary table, ignoring failure: after a failed statement the transaction is aborted,
 * a DROP fails too, and its error must not hide the first one (the rollback drops the table anyway).
 */
export async function dropQuietly(t: { conn: DuckDBConnection }, table: string): Promise<void> {
  try {
    await t.conn.run(`DROP TABLE IF EXISTS ${ident(table)}`);
  } catch {
    // Aborted transaction: rolled back with it.
  }
}
