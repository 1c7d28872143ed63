/**
 * Materializations. view and table replace the relation whole; incremental deletes and re-inserts
 * the plant-local days that new data touched (plus a lookback for late records) inside one
 * transaction; snapshot builds an SCD2 history (valid_from, valid_to, is_current) from every version
 * the source holds, so it comes out the same however often it is built.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal } from '../lake/sql.ts';
import type { Model } from './project.ts';
import { selectBody } from './sql-text.ts';

export interface MaterializeResult {
  mode: 'view' | 'full' | 'incremental' | 'up_to_date' | 'snapshot';
  rows: number | null;
  affectedDays: string[];
}

async function exists(conn: DuckDBConnection, schema: string, name: string): Promise<boolean> {
  const r = await conn.runAndReadAll(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ${literal(schema)} AND table_name = ${literal(name)}`,
  );
  return Number(r.getRowObjectsJS()[0]?.n ?? 0) > 0;
}

async function columnsOf(conn: DuckDBConnection, sql: string): Promise<{ name: string; type: string }[]> {
  const r = await conn.runAndReadAll(`DESCRIBE ${sql}`);
  return r.getRowObjectsJS().map((x) => ({ name: String(x.column_name), type: String(x.column_type) }));
}

async function count(conn: DuckDBConnection, relation: string): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${relation}`);
  return Number(r.getRowObjectsJS()[0]?.n ?? 0);
}

/**
 * Drops the relation when it exists as the other kind (a view where a table is wanted or the other
 * way round): DuckDB's CREATE OR REPLACE cannot turn one into the other, so a model whose
 * materialization changed would fail on a warehouse built before the change.
 */
async function dropOtherKind(conn: DuckDBConnection, m: Model, rel: string, want: 'VIEW' | 'TABLE') {
  const r = await conn.runAndReadAll(
    `SELECT table_type FROM information_schema.tables WHERE table_schema = ${literal(m.config.schema)} AND table_name = ${literal(m.name)}`,
  );
  const type = r.getRowObjectsJS()[0]?.table_type;
  if (type === undefined) return;
  const isView = String(type) === 'VIEW';
  if (want === 'TABLE' && isView) await conn.run(`DROP VIEW ${rel}`);
  if (want === 'VIEW' && !isView) await conn.run(`DROP TABLE ${rel}`);
}

/** Days to rebuild: `null` means all of them (a full build). */
export type DaySet = string[] | null;

export async function materialize(
  conn: DuckDBConnection,
  m: Model,
  days: DaySet,
): Promise<MaterializeResult> {
  const body = selectBody(m.sql);
  const rel = `${ident(m.config.schema)}.${ident(m.name)}`;
  await dropOtherKind(conn, m, rel, m.config.materialized === 'view' ? 'VIEW' : 'TABLE');
  switch (m.config.materialized) {
    case 'view':
      await conn.run(`CREATE OR REPLACE VIEW ${rel} AS ${body}`);
      return { mode: 'view', rows: null, affectedDays: [] };
    case 'table':
      await conn.run(`CREATE OR REPLACE TABLE ${rel} AS ${body}`);
      return { mode: 'full', rows: await count(conn, rel), affectedDays: [] };
    case 'snapshot':
      await conn.run(`CREATE OR REPLACE TABLE ${rel} AS ${await scd2Sql(conn, m, body)}`);
      return { mode: 'snapshot', rows: await count(conn, rel), affectedDays: [] };
    case 'incremental':
      return incremental(conn, m, rel, body, days);
  }
}

async function incremental(
  conn: DuckDBConnection,
  m: Model,
  rel: string,
  body: string,
  days: DaySet,
): Promise<MaterializeResult> {
  const part = ident(m.config.partitionBy as string);
  let full = days === null || !(await exists(conn, m.config.schema, m.name));
  if (!full && days !== null) {
    // A model whose columns changed since the table was built cannot be patched day by day.
    const want = (await columnsOf(conn, `SELECT * FROM (${body})`))
      .map((c) => `${c.name}:${c.type}`)
      .join(',');
    const have = (await columnsOf(conn, `SELECT * FROM ${rel}`)).map((c) => `${c.name}:${c.type}`).join(',');
    full = want !== have;
  }
  if (full) {
    await conn.run(`CREATE OR REPLACE TABLE ${rel} AS SELECT * FROM (${body}) ORDER BY ${part}`);
    return { mode: 'full', rows: await count(conn, rel), affectedDays: [] };
  }
  const list = days as string[];
  if (list.length === 0) return { mode: 'up_to_date', rows: 0, affectedDays: [] };
  const inList = list.map((d) => `DATE ${literal(d)}`).join(', ');
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(`DELETE FROM ${rel} WHERE ${part} IN (${inList})`);
    const r = await conn.run(
      `INSERT INTO ${rel} SELECT * FROM (${body}) WHERE ${part} IN (${inList}) ORDER BY ${part}`,
    );
    await conn.run('COMMIT');
    return { mode: 'incremental', rows: Number(r.rowsChanged), affectedDays: list };
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}

/**
 * SCD2 from history: rows are versions of `unique_key` at `updated_at`; consecutive rows with the same
 * tracked values collapse into one version, valid from its first `updated_at` to the next version's.
 */
async function scd2Sql(conn: DuckDBConnection, m: Model, body: string): Promise<string> {
  const keys = m.config.uniqueKey.map(ident);
  const updated = ident(m.config.updatedAt as string);
  const cols = await columnsOf(conn, `SELECT * FROM (${body})`);
  const skip = new Set([...m.config.uniqueKey, m.config.updatedAt as string]);
  const tracked = cols
    .filter((c) => !skip.has(c.name))
    .map((c) => `coalesce(${ident(c.name)}::VARCHAR, '∅')`);
  const hash = tracked.length ? `md5(concat_ws('|', ${tracked.join(', ')}))` : `''`;
  const by = `PARTITION BY ${keys.join(', ')} ORDER BY ${updated}`;
  return `
    WITH src AS (SELECT * FROM (${body})),
    hashed AS (SELECT *, ${hash} AS _scd_hash FROM src),
    marked AS (SELECT *, lag(_scd_hash) OVER (${by}) AS _scd_prev FROM hashed),
    versions AS (SELECT * EXCLUDE (_scd_hash, _scd_prev) FROM marked WHERE _scd_prev IS NULL OR _scd_prev <> _scd_hash),
    ranged AS (SELECT *, ${updated} AS valid_from, lead(${updated}) OVER (${by}) AS valid_to FROM versions)
    SELECT *, valid_to IS NULL AS is_current FROM ranged ORDER BY ${keys.join(', ')}, valid_from`;
}
