/**
 * Materializations. view and table replace the relation whole (a table with `partition_by` is also
 * ordered by it, and fingerprinted per day by the runner); incremental deletes and re-inserts every
 * plant-local day from the first one its inputs changed in (less its lookback) inside one
 * transaction; snapshot builds an SCD2 history (valid_from, valid_to, is_current) from every version
 * the source holds, so it comes out the same however often it is built.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal } from '../lake/sql.ts';
import { buildInBatches } from './microbatch.ts';
import type { Model } from './project.ts';
import { selectBody } from './sql-text.ts';

export interface MaterializeResult {
  mode: 'view' | 'full' | 'incremental' | 'up_to_date' | 'snapshot';
  rows: number | null;
  affectedDays: string[];
}

async function count(conn: DuckDBConnection, relation: string): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${relation}`);
  return Number(r.getRowObjectsJS()[0]?.n ?? 0);
}

async function columnsOf(conn: DuckDBConnection, sql: string): Promise<{ name: string; type: string }[]> {
  const r = await conn.runAndReadAll(`DESCRIBE ${sql}`);
  return r.getRowObjectsJS().map((x) => ({ name: String(x.column_name), type: String(x.column_type) }));
}

/**
 * Drops the relation when it exists as the other kind (a view where a table is wanted or the other
 * way round): DuckDB's CREATE OR REPLACE cannot turn one into the other, so a model whose
 * materialization changed would fail on a warehouse built before the change.
 */
async function dropOtherKind(
  conn: DuckDBConnection,
  rel: string,
  kind: string | undefined,
  want: 'VIEW' | 'TABLE',
) {
  if (kind === undefined) return;
  const isView = kind === 'VIEW';
  if (want === 'TABLE' && isView) await conn.run(`DROP VIEW ${rel}`);
  if (want === 'VIEW' && !isView) await conn.run(`DROP TABLE ${rel}`);
}

/**
 * The DuckDB variable an incremental build sets to the first day it rebuilds, so that the model can
 * read only what those days need (`silver.since(n)`, `silver.in_window(day, n)` in
 * models/macros/incremental.sql). Unset, the macros let every row through: the model's SQL gives
 * the full result when run by hand.
 */
export const SINCE_VARIABLE = 'ironworks_since';

/**
 * Builds `m`. `since` is the first partition to rebuild for an incremental model (`null`: all of
 * it). `kind` is what the relation exists as now (undefined: it does not).
 */
export async function materialize(
  conn: DuckDBConnection,
  m: Model,
  since: string | null,
  kind: string | undefined,
): Promise<MaterializeResult> {
  const body = selectBody(m.sql);
  const rel = `${ident(m.config.schema)}.${ident(m.name)}`;
  await dropOtherKind(conn, rel, kind, m.config.materialized === 'view' ? 'VIEW' : 'TABLE');
  switch (m.config.materialized) {
    case 'view':
      await conn.run(`CREATE OR REPLACE VIEW ${rel} AS ${body}`);
      return { mode: 'view', rows: null, affectedDays: [] };
    case 'table': {
      const order = m.config.partitionBy ? ` ORDER BY ${ident(m.config.partitionBy)}` : '';
      await conn.run(`CREATE OR REPLACE TABLE ${rel} AS SELECT * FROM (${body})${order}`);
      return { mode: 'full', rows: await count(conn, rel), affectedDays: [] };
    }
    case 'snapshot':
      await conn.run(`CREATE OR REPLACE TABLE ${rel} AS ${await scd2Sql(conn, m, body)}`);
      return { mode: 'snapshot', rows: await count(conn, rel), affectedDays: [] };
    case 'incremental':
      return incremental(conn, m, rel, body, kind === undefined ? null : since);
  }
}

/**
 * Incremental: every partition from `since` on is deleted and rebuilt in one transaction (with the
 * since variable set, so the model reads only what it needs). With a `unique_key`, rows the model
 * returns for earlier partitions replace the rows with their key: a model whose old rows can change
 * (a label that looks forward to the next failure) returns those too.
 */
async function incremental(
  conn: DuckDBConnection,
  m: Model,
  rel: string,
  body: string,
  since: string | null,
): Promise<MaterializeResult> {
  const part = ident(m.config.partitionBy as string);
  if (since === null) {
    if (!(await buildInBatches(conn, m, rel, body, SINCE_VARIABLE))) {
      await conn.run(`SET VARIABLE ${SINCE_VARIABLE} = NULL`);
      await conn.run(`CREATE OR REPLACE TABLE ${rel} AS SELECT * FROM (${body}) ORDER BY ${part}`);
    }
    return { mode: 'full', rows: await count(conn, rel), affectedDays: [] };
  }
  const from = `DATE ${literal(since)}`;
  const inRange = `(${part} >= ${from} OR ${part} IS NULL)`;
  const keys = m.config.uniqueKey.map(ident);
  await conn.run(`SET VARIABLE ${SINCE_VARIABLE} = ${from}`);
  await conn.run('BEGIN TRANSACTION');
  try {
    let rows: number;
    if (keys.length === 0) {
      await conn.run(`DELETE FROM ${rel} WHERE ${inRange}`);
      const r = await conn.run(
        `INSERT INTO ${rel} SELECT * FROM (${body}) WHERE ${inRange} ORDER BY ${part}`,
      );
      rows = Number(r.rowsChanged);
    } else {
      await conn.run(`CREATE OR REPLACE TEMP TABLE _ironworks_new AS SELECT * FROM (${body})`);
      const k = keys.join(', ');
      await conn.run(`DELETE FROM ${rel} WHERE ${inRange} OR (${k}) IN (SELECT (${k}) FROM _ironworks_new)`);
      const r = await conn.run(`INSERT INTO ${rel} SELECT * FROM _ironworks_new ORDER BY ${part}`);
      rows = Number(r.rowsChanged);
      await conn.run('DROP TABLE _ironworks_new');
    }
    await conn.run('COMMIT');
    return { mode: 'incremental', rows, affectedDays: [since] };
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  } finally {
    await conn.run(`SET VARIABLE ${SINCE_VARIABLE} = NULL`);
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
