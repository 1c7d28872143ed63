/**
 * Ingest's lanes: file loads side by side, each on its own connection in its own transaction, so
 * that work DuckDB does on one thread (a JSON-lines read numbered by line) still uses every core.
 * Meanwhile DuckDB itself runs on one thread (`threads` = 1, restored on close): the lanes are the
 * parallelism. Why: with worker threads, a query that has one task often keeps a second thread
 * busy as long as the one doing the work (measured, DuckDB 1.5, one numbered read: 1.45 CPU-s of
 * work and 1.45 more beside it, in about every other run); with none, each query runs on its
 * caller alone. The last load, when only much smaller ones run beside it, waits for them and gets
 * DuckDB's threads back (`alone`): a daily drop's one big file is not left on one core.
 *
 * DuckDB lets several transactions append to a table at once, but a change to a table (creating
 * it, adding a column) conflicts with another transaction writing it. So a load that only inserts
 * columns the table has shares the table (a new table is made first, alone, in a transaction of
 * its own); any other has it alone, and adds columns in its own transaction (a failed load leaves
 * none behind). A table's locks are granted first come, first served and asked for in file order
 * (ingest runs one dispatcher per table), so its changes happen in file order and its column order
 * does not depend on timing.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { Semaphore } from 'async-mutex';
import { ensureBronzeTable, tableColumns } from './bronze/table.ts';
import { NeedsExclusive } from './bronze/types.ts';
import type { Warehouse } from './warehouse.ts';

/** At most this many lanes, whatever the cores: each holds a connection and a file's read. */
const MAX_LANES = 8;

/**
 * Per warehouse, DuckDB's `threads` before the first open lanes (a promise, stored before any await:
 * lanes opened meanwhile wait for the same reading), and how many lanes are open.
 */
const HELD = new WeakMap<Warehouse, { threads: Promise<number>; count: number }>();

/** The last lanes of a warehouse closed: DuckDB gets its threads back. */
async function giveThreadsBack(wh: Warehouse): Promise<void> {
  const held = HELD.get(wh);
  if (!held || --held.count > 0) return;
  HELD.delete(wh);
  await wh.conn.run(`SET threads = ${await held.threads}`);
}

export class Lanes {
  /** The first error a load threw (not a failed load, which is a result): stop dispatching. */
  failure: unknown = null;
  private readonly free: DuckDBConnection[];
  private readonly lanes: Semaphore;
  private readonly tables = new Map<string, Semaphore>();
  /** Loads started and not ended, with their files' sizes. */
  private readonly running = new Map<Promise<void>, number>();

  private constructor(
    private readonly wh: Warehouse,
    private readonly conns: DuckDBConnection[],
    private readonly own: DuckDBConnection[],
  ) {
    this.free = [...conns];
    this.lanes = new Semaphore(conns.length);
  }

  /**
   * One lane more than DuckDB had threads: the warehouse's connection and new ones. One more, so
   * that a lane finding keys or committing leaves no core idle, and big files finish together
   * rather than the last alone (measured, 3 days of the large plant on 2 cores: 2 lanes 4.40 s,
   * 3 lanes 4.04 s, 4 lanes 4.15 s).
   */
  static async open(wh: Warehouse): Promise<Lanes> {
    // Ingests overlapping in one process (a scheduled run and a backfill) share the one setting:
    // the first saves it, the last gives it back.
    let held = HELD.get(wh);
    if (!held) {
      const threads = wh.conn
        .runAndReadAll(`SELECT current_setting('threads')::INTEGER AS t`)
        .then((r) => Number(r.getRowObjectsJS()[0]?.t) || 1);
      held = { threads, count: 0 };
      HELD.set(wh, held);
    }
    held.count++;
    const own: DuckDBConnection[] = [];
    try {
      const n = Math.max(2, Math.min(MAX_LANES, (await held.threads) + 1));
      for (let k = 1; k < n; k++) own.push(await wh.connect());
      await wh.conn.run('SET threads = 1');
    } catch (err) {
      for (const c of own) c.closeSync();
      await giveThreadsBack(wh);
      throw err;
    }
    return new Lanes(wh, [wh.conn, ...own], own);
  }

  /**
   * Starts `load` on a free lane once its table allows; waits for that, not for the load. A load
   * with `keysOf` may only insert the columns it gives (found on the lane, holding a share of the
   * table: DuckDB's full pass over a file runs there, beside other loads): if the table has them
   * all, it is shared (`shared` true: the load must not change it); else, and without keys, the
   * load has it alone. The table first, then a lane: a load waiting for its table holds no lane
   * another could use.
   */
  async run(
    table: string,
    keysOf: ((conn: DuckDBConnection) => Promise<string[] | null>) | null,
    load: (conn: DuckDBConnection, shared: boolean, alone: boolean) => Promise<void>,
    /** The file's size, and whether no load will be asked for after this one. */
    file: { bytes: number; last: boolean } = { bytes: 0, last: false },
  ): Promise<void> {
    const lock = this.lock(table);
    let releaseTable = (await lock.acquire(keysOf ? 1 : this.size))[1];
    const [, releaseLane] = await this.lanes.acquire();
    const conn = this.free.pop() as DuckDBConnection;
    const release = () => {
      releaseTable();
      this.free.push(conn);
      releaseLane();
    };
    // Trades the hold on the table for another (no other load of it asks meanwhile: one dispatcher).
    const rehold = async (weight: number) => {
      releaseTable();
      releaseTable = () => {};
      releaseTable = (await lock.acquire(weight))[1];
    };
    let shared = false;
    let alone = false;
    try {
      alone = await this.alone(conn, file);
      if (keysOf) shared = await this.share(conn, table, await keysOf(conn), rehold);
    } catch (err) {
      release();
      throw err;
    }
    const p: Promise<void> = load(conn, shared, alone)
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => {
        release();
        this.running.delete(p);
      });
    this.running.set(p, file.bytes);
  }

  /** Waits for every load started. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.keys());
  }

  /** Closes the lanes' own connections and gives DuckDB its threads back (after drain). */
  async close(): Promise<void> {
    for (const c of this.own) c.closeSync();
    await giveThreadsBack(this.wh);
  }

  /**
   * Whether the last load runs alone, DuckDB's threads given back for it (a daily drop's one big
   * file: its key pass and its sort then use every core). Loads still running on much smaller files
   * (an eighth of its size in all) are waited for: they end soon, and sharing the cores with them
   * would cost the big one its threads for good. Bigger ones are not: the lanes keep the cores busy.
   */
  private async alone(conn: DuckDBConnection, file: { bytes: number; last: boolean }): Promise<boolean> {
    if (!file.last) return false;
    let others = 0;
    for (const bytes of this.running.values()) others += bytes;
    if (others * 8 > file.bytes) return false;
    await this.drain();
    await conn.run(`SET threads = ${await this.threads}`);
    return true;
  }

  /** DuckDB's threads before the lanes. */
  private get threads(): Promise<number> {
    return (HELD.get(this.wh) as { threads: Promise<number> }).threads;
  }

  private get size(): number {
    return this.conns.length;
  }

  /**
   * Holding a share of the table: whether the load keeps it — the table has every column of `keys`
   * (checked holding it: no load can change the table meanwhile). A new table is made first, alone,
   * in a transaction of its own, so that loads of it run side by side from the first (a failed first
   * load leaves it empty). Otherwise (or without keys) the table alone: the load adds its columns in
   * its own transaction.
   */
  private async share(
    conn: DuckDBConnection,
    table: string,
    keys: string[] | null,
    rehold: (weight: number) => Promise<void>,
  ): Promise<boolean> {
    if (keys) {
      try {
        await ensureBronzeTable(conn, table, keys, true);
        return true;
      } catch (err) {
        if (!(err instanceof NeedsExclusive)) throw err;
      }
    }
    await rehold(this.size);
    if (!keys || (await tableColumns(conn, table)).length > 0) return false;
    await ensureBronzeTable(conn, table, keys);
    await rehold(1);
    return true;
  }

  private lock(table: string): Semaphore {
    let s = this.tables.get(table);
    if (!s) this.tables.set(table, (s = new Semaphore(this.size)));
    return s;
  }
}
