/**
 * Publish gold as Parquet under `<lake>/gold/<table>/`, so any tool can read it without the warehouse
 * lock: tables with a plant-local `event_date` are split by day (`event_date=<day>/data.parquet`, the
 * layout DuckDB, Spark and pandas read as a partitioned dataset), others are one `data.parquet`.
 * Each file is written to a temporary name and renamed (atomic), from rows in a fixed order with
 * fixed writer settings (the same data gives the same bytes).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal } from './sql.ts';

export interface PublishResult {
  tables: number;
  files: number;
  rows: number;
}

async function q(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS();
}

async function copy(conn: DuckDBConnection, select: string, file: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await conn.run(
    `COPY (${select}) TO ${literal(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
  );
  renameSync(tmp, file);
}

/** Publishes every gold table; with `days`, only those days of day-partitioned tables are rewritten. */
export async function publishGold(
  conn: DuckDBConnection,
  lakeDir: string,
  days?: string[],
): Promise<PublishResult> {
  const tables = await q(
    conn,
    `SELECT t.table_name AS name, bool_or(c.column_name = 'event_date' AND c.data_type = 'DATE') AS by_day
     FROM information_schema.tables t JOIN information_schema.columns c USING (table_schema, table_name)
     WHERE t.table_schema = 'gold' GROUP BY 1 ORDER BY 1`,
  );
  // Single-threaded writes keep row groups, and so bytes, the same from run to run.
  const threads = (await q(conn, `SELECT current_setting('threads') AS t`))[0]?.t;
  await conn.run('SET threads = 1');
  let files = 0;
  let rows = 0;
  try {
    for (const t of tables) {
      const name = String(t.name);
      const dir = join(lakeDir, 'gold', name);
      mkdirSync(dir, { recursive: true });
      const rel = `gold.${ident(name)}`;
      if (t.by_day) {
        const present = (
          await q(
            conn,
            `SELECT DISTINCT event_date::VARCHAR AS d FROM ${rel} WHERE event_date IS NOT NULL ORDER BY 1`,
          )
        ).map((r) => String(r.d));
        const wanted = days ? present.filter((d) => days.includes(d)) : present;
        for (const d of wanted) {
          const part = join(dir, `event_date=${d}`);
          mkdirSync(part, { recursive: true });
          await copy(
            conn,
            `SELECT * EXCLUDE (event_date) FROM ${rel} WHERE event_date = DATE ${literal(d)} ORDER BY ALL`,
            join(part, 'data.parquet'),
          );
          files++;
        }
        // A day that no longer has rows must not keep an old file.
        if (!days) {
          for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
            if (entry.startsWith('event_date=') && !present.includes(entry.slice(11)))
              rmSync(join(dir, entry), { recursive: true, force: true });
          }
        }
      } else {
        await copy(conn, `SELECT * FROM ${rel} ORDER BY ALL`, join(dir, 'data.parquet'));
        files++;
      }
      rows += Number((await q(conn, `SELECT count(*) AS n FROM ${rel}`))[0]?.n ?? 0);
    }
  } finally {
    await conn.run(`SET threads = ${Number(threads) || 2}`);
  }
  return { tables: tables.length, files, rows };
}
