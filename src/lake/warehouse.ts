/**
 * The warehouse: one DuckDB file with schemas bronze, silver, gold and ops, owned by one process
 * (see ownership.ts). Open it with `Warehouse.open`, always `close()` it (the owner file goes too).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { upgradeBronzeLayout } from './bronze/upgrade.ts';
import {
  claimOwnership,
  readOwner,
  releaseOwnership,
  translateLockError,
  WarehouseBusyError,
} from './ownership.ts';

export const DEFAULT_WAREHOUSE = 'data/warehouse.duckdb';
const DDL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'ddl');

/** `--warehouse`, else IRONWORKS_WAREHOUSE, else data/warehouse.duckdb. */
export function warehousePath(flag?: string): string {
  return resolve(flag ?? process.env.IRONWORKS_WAREHOUSE ?? DEFAULT_WAREHOUSE);
}

export class Warehouse {
  private closed = false;

  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
  ) {}

  /** Opens (creating if needed) and claims the file for this process; says who holds it if busy. */
  static async open(path: string, command: string): Promise<Warehouse> {
    const file = resolve(path);
    mkdirSync(dirname(file), { recursive: true });
    const owner = readOwner(file);
    if (owner) throw new WarehouseBusyError(file, owner);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file);
    } catch (err) {
      throw translateLockError(file, err);
    }
    claimOwnership(file, command);
    const conn = await instance.connect();
    // Instants are stored as UTC; the session zone only affects display, so pin it for stable text.
    await conn.run(`SET TimeZone = 'UTC'`);
    const wh = new Warehouse(file, instance, conn);
    try {
      await wh.migrate();
    } catch (err) {
      await wh.close();
      throw err;
    }
    return wh;
  }

  /** Applies ddl/*.sql in name order (every statement is idempotent), then moves old-layout bronze tables. */
  private async migrate(): Promise<void> {
    for (const f of readdirSync(DDL_DIR)
      .filter((n) => n.endsWith('.sql'))
      .sort()) {
      await this.conn.run(readFileSync(join(DDL_DIR, f), 'utf8'));
    }
    await upgradeBronzeLayout(this.conn);
  }

  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    const r = await this.conn.runAndReadAll(sql);
    return r.getRowObjectsJS() as T[];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.conn.closeSync();
    this.instance.closeSync();
    releaseOwnership(this.path);
  }
}
