/**
 * Named, parameterized, read-only queries for the API. Each query is a file `sql/<name>.sql` with
 * `$name` parameters; values are BOUND through a DuckDB prepared statement, never spliced into the
 * text, so request input cannot change what a query does. Rows come back as plain JSON.
 *
 * @example
 *   const rows = await q.run('oee_machine_day', { day: '2025-12-03' });
 *   if (rows === null) return c.json({ rows: null, note: NO_DATA });
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DuckDBConnection, type DuckDBPreparedStatement, DuckDBTypeId } from '@duckdb/node-api';

const SQL_DIR = join(dirname(fileURLToPath(import.meta.url)), 'sql');
const NAME_RE = /^[a-z0-9_]+$/;

/** What routes say when a table does not exist yet (gold not built). */
export const NO_DATA = 'no data: gold has not been built yet';

export type ParamValue = string | number | boolean | null;
export type Params = Record<string, ParamValue>;
export type Row = Record<string, unknown>;

/** Cleans a DuckDB JS value for JSON: BigInt → number, Date → ISO text, NaN/∞ → null. */
function plain(v: unknown, isDate: boolean): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    return isDate ? v.toISOString().slice(0, 10) : v.toISOString();
  }
  if (Array.isArray(v)) return v.map((x) => plain(x, false));
  if (typeof v === 'object') {
    const out: Row = {};
    for (const [k, x] of Object.entries(v as Row)) out[k] = plain(x, false);
    return out;
  }
  return v;
}

/** `plain` with the common cases first: a column of numbers or text costs a type check a value. */
const clean = (v: unknown, isDate: boolean): unknown =>
  typeof v === 'number' ? (Number.isFinite(v) ? v : null) : typeof v === 'string' ? v : plain(v, isDate);

type Reader = Awaited<ReturnType<DuckDBPreparedStatement['runAndReadAll']>>;

const missingTable = (err: unknown) =>
  /Catalog Error: (Table|Schema) with name .* does not exist|does not exist!/i.test(
    err instanceof Error ? err.message : String(err),
  );

/** One read connection with its own prepared statements and its own queue. */
interface Lane {
  conn: DuckDBConnection;
  prepared: Map<string, DuckDBPreparedStatement>;
  // A connection runs one statement at a time; binding then running must not interleave.
  chain: Promise<unknown>;
  pending: number;
}

/**
 * Reads SQL files once and keeps their prepared statements per read connection. Given several
 * connections, each query goes to the least busy one, so a slow query does not hold up the rest.
 */
export class QueryRunner {
  private text = new Map<string, string>();
  private lanes: Lane[];

  constructor(
    conns: DuckDBConnection | DuckDBConnection[],
    private readonly dir: string = SQL_DIR,
  ) {
    this.lanes = (Array.isArray(conns) ? conns : [conns]).map((conn) => ({
      conn,
      prepared: new Map(),
      chain: Promise.resolve(),
      pending: 0,
    }));
    if (this.lanes.length === 0) throw new Error('QueryRunner needs a connection');
  }

  /** The text of `sql/<name>.sql` (cached). */
  sql(name: string): string {
    if (!NAME_RE.test(name)) throw new Error(`not a query name: ${name}`);
    let t = this.text.get(name);
    if (t === undefined) {
      t = readFileSync(join(this.dir, `${name}.sql`), 'utf8');
      this.text.set(name, t);
    }
    return t;
  }

  /** Runs a named query with bound parameters; null when a table it reads does not exist yet. */
  async run(name: string, params: Params = {}): Promise<Row[] | null> {
    const reader = await this.queue(name, params);
    if (reader === null) return null;
    const names = reader.columnNames();
    const dateCols = new Set(
      reader
        .columnTypes()
        .map((t, i) => (t.typeId === DuckDBTypeId.DATE ? names[i] : null))
        .filter((x): x is string => x !== null),
    );
    return reader.getRowObjectsJS().map((r) => {
      const out: Row = {};
      for (const [k, v] of Object.entries(r)) out[k] = plain(v, dateCols.has(k));
      return out;
    });
  }

  /** Queues the query on the least busy lane; its result, or null when a table does not exist. */
  private queue(name: string, params: Params): Promise<Reader | null> {
    const lane = this.lanes.reduce((a, b) => (b.pending < a.pending ? b : a));
    lane.pending++;
    const next = lane.chain.then(() => this.exec(lane, name, params));
    lane.chain = next.catch(() => {}).finally(() => lane.pending--);
    return next;
  }

  /**
   * Runs a named query and returns its columns (name → values, cleaned like rows), or null when a
   * table it reads does not exist yet. For long answers read in a loop: much cheaper than row objects.
   */
  async columns(name: string, params: Params = {}): Promise<Record<string, unknown[]> | null> {
    const reader = await this.queue(name, params);
    if (reader === null) return null;
    const out: Record<string, unknown[]> = {};
    const types = reader.columnTypes();
    const names = reader.columnNames();
    reader.getColumnsJS().forEach((values, i) => {
      const isDate = types[i]?.typeId === DuckDBTypeId.DATE;
      out[names[i] as string] = values.map((v) => clean(v, isDate));
    });
    return out;
  }

  /** First row or null (no table, or no row). */
  async one(name: string, params: Params = {}): Promise<Row | null> {
    const rows = await this.run(name, params);
    return rows?.[0] ?? null;
  }

  private async exec(lane: Lane, name: string, params: Params): Promise<Reader | null> {
    let stmt = lane.prepared.get(name);
    if (!stmt) {
      try {
        stmt = await lane.conn.prepare(this.sql(name));
      } catch (err) {
        if (missingTable(err)) return null; // not cached: the table may exist next time
        throw err;
      }
      lane.prepared.set(name, stmt);
    }
    bindAll(stmt, params, name);
    try {
      return await stmt.runAndReadAll();
    } catch (err) {
      // A table dropped since preparing (a rebuild in progress): prepare again next time.
      lane.prepared.delete(name);
      if (missingTable(err)) return null;
      throw err;
    }
  }

  /** Resolves when the queries queued so far have run (before closing the connections). */
  async drain(): Promise<void> {
    for (const lane of this.lanes)
      for (let c = lane.chain; ; c = lane.chain) {
        await c;
        if (c === lane.chain) break;
      }
  }

  /** Frees the prepared statements (the connections stay with their owner). */
  close(): void {
    for (const lane of this.lanes) {
      for (const s of lane.prepared.values()) s.destroySync();
      lane.prepared.clear();
    }
  }
}

function bindAll(stmt: DuckDBPreparedStatement, params: Params, name: string): void {
  stmt.clearBindings();
  for (let i = 1; i <= stmt.parameterCount; i++) {
    const key = stmt.parameterName(i);
    if (!Object.hasOwn(params, key)) throw new Error(`query ${name} needs parameter $${key}`);
    const v = params[key];
    if (v === null || v === undefined) stmt.bindNull(i);
    else if (typeof v === 'string') stmt.bindVarchar(i, v);
    else if (typeof v === 'boolean') stmt.bindBoolean(i, v);
    else if (Number.isSafeInteger(v)) stmt.bindBigInt(i, BigInt(v));
    else stmt.bindDouble(i, v);
  }
}
