/**
 * A full build of an incremental model in batches of plant-local days (`batch_days=N`, as dbt's
 * microbatch): each batch is the same delete-free insert an incremental run of those days would do,
 * so a model over a month of 10-second telemetry never holds the whole month in one query's hash
 * tables. The days come from the file manifest; one last pass takes every row outside them (NULL
 * days, days before the first drop or after the last), so the result is the unbatched build's exactly.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays } from '../contracts/plant-time.ts';
import { ident, literal } from '../lake/sql.ts';
import type { Model } from './project.ts';

/** The first and last logical day of the successful loads, or null when nothing says. */
async function loadedDays(conn: DuckDBConnection): Promise<{ first: string; last: string } | null> {
  try {
    const r = await conn.runAndReadAll(
      `SELECT min(logical_date)::VARCHAR AS first, max(logical_date)::VARCHAR AS last
       FROM ops.file_manifest WHERE status = 'SUCCESS' AND logical_date IS NOT NULL`,
    );
    const row = r.getRowObjectsJS()[0];
    return row?.first && row.last ? { first: String(row.first), last: String(row.last) } : null;
  } catch {
    return null; // no manifest (models run on hand-made bronze): build unbatched
  }
}

/**
 * Builds `rel` from nothing in batches; returns false (having done nothing) when the load days are
 * unknown, so the caller builds it in one statement. `sinceVariable` is set to each batch's first day
 * so that models pruning their inputs with `silver.since(n)` read only what the batch needs.
 */
export async function buildInBatches(
  conn: DuckDBConnection,
  m: Model,
  rel: string,
  body: string,
  sinceVariable: string,
): Promise<boolean> {
  const size = m.config.batchDays;
  const days = size > 0 ? await loadedDays(conn) : null;
  if (!days) return false;
  const part = ident(m.config.partitionBy as string);
  // A day's rows can sit a day either side of the drop that brought them (late rows, midnight).
  const lo = addDays(days.first, -1);
  const hi = addDays(days.last, 2);
  // Batches go into a table of their own, swapped in at the end: a failure leaves the old table
  // whole. (Not one transaction around CREATE OR REPLACE and the inserts: DuckDB 1.5 then shows the
  // replaced table empty to the connection that built it until the file is reopened.)
  const tmp = `${ident(m.config.schema)}.${ident(`${m.name}__batches`)}`;
  try {
    await conn.run(`SET VARIABLE ${sinceVariable} = NULL`);
    await conn.run(`CREATE OR REPLACE TABLE ${tmp} AS SELECT * FROM (${body}) LIMIT 0`);
    for (let from = lo; from < hi; from = addDays(from, size)) {
      const to = addDays(from, size) < hi ? addDays(from, size) : hi;
      await conn.run(`SET VARIABLE ${sinceVariable} = DATE ${literal(from)}`);
      await conn.run(
        `INSERT INTO ${tmp} SELECT * FROM (${body})
         WHERE ${part} >= DATE ${literal(from)} AND ${part} < DATE ${literal(to)} ORDER BY ${part}`,
      );
    }
    await conn.run(`SET VARIABLE ${sinceVariable} = NULL`);
    await conn.run(
      `INSERT INTO ${tmp} SELECT * FROM (${body})
       WHERE ${part} IS NULL OR ${part} < DATE ${literal(lo)} OR ${part} >= DATE ${literal(hi)} ORDER BY ${part}`,
    );
    await conn.run('BEGIN TRANSACTION');
    await conn.run(`DROP TABLE IF EXISTS ${rel}`);
    await conn.run(`ALTER TABLE ${tmp} RENAME TO ${ident(m.name)}`);
    await conn.run('COMMIT');
    return true;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => {});
    await conn.run(`DROP TABLE IF EXISTS ${tmp}`).catch(() => {});
    throw err;
  } finally {
    await conn.run(`SET VARIABLE ${sinceVariable} = NULL`);
  }
}
