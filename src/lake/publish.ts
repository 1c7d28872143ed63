/**
 * Publish gold as Parquet under `<lake>/gold/<table>/`, so any tool can read it without the warehouse
 * lock: tables with a plant-local `event_date` are split by day (`event_date=<day>/data.parquet`, the
 * layout DuckDB, Spark and pandas read as a partitioned dataset), others are one `data.parquet`.
 * Each file is written to a temporary name and renamed (atomic), from rows in a fixed order with
 * fixed writer settings (the same data gives the same bytes). A partition is rewritten only when its
 * content hash differs from what was last published (ops.lake_files), so the lake always mirrors
 * gold — including old days a whole-history mart (a trend, a rolling window) changed — at the cost of
 * hashing, not rewriting.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

async function published(conn: DuckDBConnection, table: string): Promise<Map<string, string>> {
  const r = await q(conn, `SELECT part, hash FROM ops.lake_files WHERE table_name = ${literal(table)}`);
  return new Map(r.map((x) => [String(x.part), String(x.hash)]));
}

async function remember(
  conn: DuckDBConnection,
  table: string,
  part: string,
  hash: string | null,
): Promise<void> {
  await conn.run(
    `DELETE FROM ops.lake_files WHERE table_name = ${literal(table)} AND part = ${literal(part)}`,
  );
  if (hash)
    await conn.run(
      `INSERT INTO ops.lake_files VALUES (${literal(table)}, ${literal(part)}, ${literal(hash)}, now())`,
    );
}

/** Publishes every gold table, rewriting only partitions whose content changed. */
export async function publishGold(conn: DuckDBConnection, lakeDir: string): Promise<PublishResult> {
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
      const before = await published(conn, name);
      const wanted = new Map<string, string>();
      if (t.by_day) {
        const parts = await q(
          conn,
          `SELECT event_date::VARCHAR AS d, md5(string_agg(r::VARCHAR, chr(10) ORDER BY r::VARCHAR)) AS h
           FROM (SELECT * FROM ${rel} WHERE event_date IS NOT NULL) r GROUP BY 1 ORDER BY 1`,
        );
        for (const p of parts) wanted.set(`event_date=${p.d}`, String(p.h));
      } else {
        const [p] = await q(
          conn,
          `SELECT md5(coalesce(string_agg(r::VARCHAR, chr(10) ORDER BY r::VARCHAR), '')) AS h FROM ${rel} r`,
        );
        wanted.set('', String(p?.h));
      }
      for (const [part, hash] of wanted) {
        const file = part ? join(dir, part, 'data.parquet') : join(dir, 'data.parquet');
        if (before.get(part) === hash && existsSync(file)) continue;
        mkdirSync(dirname(file), { recursive: true });
        const where = part ? ` WHERE event_date = DATE ${literal(part.slice(11))}` : '';
        await copy(
          conn,
          `SELECT *${part ? ' EXCLUDE (event_date)' : ''} FROM ${rel}${where} ORDER BY ALL`,
          file,
        );
        await remember(conn, name, part, hash);
        files++;
      }
      // A day that no longer has rows must not keep an old file.
      for (const part of before.keys()) {
        if (wanted.has(part)) continue;
        rmSync(part ? join(dir, part) : join(dir, 'data.parquet'), { recursive: true, force: true });
        await remember(conn, name, part, null);
      }
      rows += Number((await q(conn, `SELECT count(*) AS n FROM ${rel}`))[0]?.n ?? 0);
    }
  } finally {
    await conn.run(`SET threads = ${Number(threads) || 2}`);
  }
  return { tables: tables.length, files, rows };
}
