/**
 * Staging: a JSON-lines file read by read_json into a table of an in-memory database, outside the
 * load's transaction, so that the bronze insert copies from it. Why: `read_json(…) WITH ORDINALITY`
 * — the only way to number rows while reading — reads on one thread, while a plain read into a
 * table runs on all of them, and with insertion order preserved a table's rowid is its row's place
 * in the file: rowid + 1 is the line number. (A transaction may write one database only, which is
 * why the stage is written before the load's transaction begins, by ingest's second connection
 * ahead of the load or by the load's own connection.)
 */
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident } from '../sql.ts';
import { readJsonSql } from './jsonl-sql.ts';

/** A staged file: `table` (SQL naming it) holds one row per line, in line order, columns c0… = `keys`. */
export interface Staged {
  table: string;
  keys: string[];
  rows: number;
}

/** An in-memory database for staged tables, attached to the instance (every connection sees it). */
export async function attachStage(conn: DuckDBConnection): Promise<string> {
  const db = `stage_${randomUUID().replaceAll('-', '')}`;
  await conn.run(`ATTACH ':memory:' AS ${ident(db)}`);
  return db;
}

/** Detaches it, with whatever is left in it; never throws (after a failure, the first error counts). */
export async function detachStage(conn: DuckDBConnection, db: string): Promise<void> {
  try {
    await conn.run(`DETACH DATABASE IF EXISTS ${ident(db)}`);
  } catch {
    // Left attached: in memory, gone with the instance.
  }
}

/**
 * Reads the file into a new table of `db` with ignore_errors (a line read_json cannot read is an
 * all-NULL row). Must run outside any transaction of `conn`. Throws what read_json throws.
 */
export async function stageJsonl(
  conn: DuckDBConnection,
  db: string,
  file: string,
  keys: string[],
  longestLine?: number,
): Promise<Staged> {
  const from = readJsonSql(file, keys, true, [], longestLine);
  // Row order is what numbers the lines: without this setting DuckDB may write rows in any order.
  const r = await conn.runAndReadAll(`SELECT current_setting('preserve_insertion_order') AS p`);
  if (r.getRowObjectsJS()[0]?.p !== true)
    throw new Error('preserve_insertion_order is off: rows cannot be numbered');
  const table = `${ident(db)}.${ident(`s_${randomUUID().replaceAll('-', '')}`)}`;
  await conn.run(`CREATE TABLE ${table} AS SELECT * FROM ${from}`);
  const count = await conn.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${table}`);
  return { table, keys, rows: Number(count.getRowObjectsJS()[0]?.n) };
}

/** Drops a staged table (SQL naming it); never throws (what it would leave goes with the detach). */
export async function dropStaged(conn: DuckDBConnection, table: string): Promise<void> {
  try {
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
  } catch {
    // An aborted transaction or a detached database: nothing to keep.
  }
}
