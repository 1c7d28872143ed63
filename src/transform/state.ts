/**
 * What the runner remembers between builds, so a build does only the work new data calls for:
 * per model the hash of its SQL (and the macros'), when it was last built, the newest bronze load it
 * had seen and a fingerprint of its content; and a log of which partitions of each model changed
 * when. A model whose inputs did not change since it was built is skipped; an incremental model
 * rebuilds the partitions from the first one an input changed in.
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../lake/sql.ts';
import type { Model, Project } from './project.ts';

/** The first partition (plant-local day) that changed; `null` = all of it; `undefined` = nothing. */
export type Since = string | null | undefined;

/** The earlier of two changes: nothing < a day < everything. */
export function earliest(a: Since, b: Since): Since {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === null || b === null) return null;
  return a < b ? a : b;
}

export interface ModelState {
  sqlHash: string;
  /** Epoch microseconds (the runner's clock): changes after it are news to the model. */
  builtAt: number;
  /** The newest bronze load it had seen (epoch microseconds of loaded_at). */
  watermark: number | null;
  /** Per partition (`day → count:hash`), or one entry `*` for an unpartitioned relation. */
  fingerprint: Record<string, string> | null;
}

export interface Change {
  relation: string;
  at: number;
  since: string | null;
}

export interface Load {
  table: string;
  day: string | null;
  loadedAt: number;
}

const DDL = `
CREATE TABLE IF NOT EXISTS ops.model_state (
  relation     VARCHAR PRIMARY KEY,
  sql_hash     VARCHAR NOT NULL,   -- the model's SQL and every macro
  built_at_us  BIGINT NOT NULL,    -- epoch µs, the runner's clock
  watermark_us BIGINT,             -- newest bronze load it had seen (epoch µs of loaded_at)
  fingerprint  JSON                -- content per partition (or '*')
);
CREATE TABLE IF NOT EXISTS ops.model_changes (
  relation       VARCHAR NOT NULL,
  changed_at_us  BIGINT NOT NULL,
  since          DATE,             -- first partition that changed; NULL = all of it
  invocation_id  VARCHAR
);`;

export class RunnerState {
  readonly states = new Map<string, ModelState>();
  readonly changes: Change[] = [];
  readonly loads: Load[] = [];
  /** Relation → 'VIEW' | 'BASE TABLE' for what exists now. */
  readonly kinds = new Map<string, string>();
  watermark: number | null = null;
  private pending: string[] = [];

  static async load(conn: DuckDBConnection): Promise<RunnerState> {
    await conn.run(DDL);
    const s = new RunnerState();
    for (const r of (
      await conn.runAndReadAll(
        `SELECT relation, sql_hash, built_at_us, watermark_us, fingerprint::VARCHAR AS fp FROM ops.model_state`,
      )
    ).getRowObjectsJS()) {
      s.states.set(String(r.relation), {
        sqlHash: String(r.sql_hash),
        builtAt: Number(r.built_at_us),
        watermark: r.watermark_us === null ? null : Number(r.watermark_us),
        fingerprint: r.fp === null ? null : (JSON.parse(String(r.fp)) as Record<string, string>),
      });
    }
    const oldest = Math.min(...[...s.states.values()].map((x) => x.builtAt));
    const since = Number.isFinite(oldest) ? `WHERE changed_at_us > ${oldest}` : '';
    for (const r of (
      await conn.runAndReadAll(
        `SELECT relation, changed_at_us AS at, since::VARCHAR AS since FROM ops.model_changes ${since}`,
      )
    ).getRowObjectsJS()) {
      s.changes.push({
        relation: String(r.relation),
        at: Number(r.at),
        since: r.since === null ? null : String(r.since),
      });
    }
    const marks = [...s.states.values()].map((x) => x.watermark);
    const oldestMark = marks.includes(null) ? Number.NaN : Math.min(...(marks as number[]));
    const loadsSince = Number.isFinite(oldestMark) ? `AND epoch_us(loaded_at) > ${oldestMark}` : '';
    for (const r of (
      await conn.runAndReadAll(
        `SELECT target_table, logical_date::VARCHAR AS d, epoch_us(loaded_at) AS at FROM ops.file_manifest
         WHERE status = 'SUCCESS' ${loadsSince}`,
      )
    ).getRowObjectsJS()) {
      s.loads.push({
        table: String(r.target_table),
        day: r.d === null ? null : String(r.d),
        loadedAt: Number(r.at),
      });
    }
    const [w] = (
      await conn.runAndReadAll(
        `SELECT epoch_us(max(loaded_at)) AS w FROM ops.file_manifest WHERE status = 'SUCCESS'`,
      )
    ).getRowObjectsJS();
    s.watermark = w?.w === null || w?.w === undefined ? null : Number(w.w);
    for (const r of (
      await conn.runAndReadAll(
        `SELECT table_schema || '.' || table_name AS rel, table_type FROM information_schema.tables`,
      )
    ).getRowObjectsJS())
      s.kinds.set(String(r.rel), String(r.table_type));
    return s;
  }

  /** Bronze loads of `table` after `watermark`: the earliest day they hold (a reference file: all). */
  bronzeSince(table: string, watermark: number | null): Since {
    let out: Since;
    for (const l of this.loads) {
      if (l.table !== table || (watermark !== null && l.loadedAt <= watermark)) continue;
      out = earliest(out, l.day);
    }
    return out;
  }

  /** Changes recorded for `relation` after `builtAt`. */
  modelSince(relation: string, builtAt: number): Since {
    let out: Since;
    for (const c of this.changes) if (c.relation === relation && c.at > builtAt) out = earliest(out, c.since);
    return out;
  }

  /** The newest drop day loaded (for reporting which days a build covered). */
  newestDay(): string | null {
    return (
      this.loads
        .map((l) => l.day)
        .filter((d): d is string => d !== null)
        .sort()
        .at(-1) ?? null
    );
  }

  record(relation: string, state: ModelState, since: Since, invocationId: string, at: number): void {
    this.states.set(relation, state);
    const fp = state.fingerprint ? `${literal(JSON.stringify(state.fingerprint))}::JSON` : 'NULL';
    this.pending.push(
      `INSERT OR REPLACE INTO ops.model_state VALUES (${literal(relation)}, ${literal(state.sqlHash)}, ${state.builtAt}, ${state.watermark ?? 'NULL'}, ${fp});`,
    );
    if (since !== undefined) {
      this.changes.push({ relation, at, since });
      this.pending.push(
        `INSERT INTO ops.model_changes VALUES (${literal(relation)}, ${at}, ${since === null ? 'NULL' : `DATE ${literal(since)}`}, ${literal(invocationId)});`,
      );
    }
  }

  /** Writes what this build recorded (one statement batch, not one round trip per model). */
  async flush(conn: DuckDBConnection): Promise<void> {
    if (this.pending.length === 0) return;
    const sql = this.pending.join('\n');
    this.pending = [];
    await conn.run(sql);
  }
}

let lastTick = 0;
/** The runner's clock in epoch µs, strictly increasing (two events never share a tick). */
export function tick(): number {
  lastTick = Math.max(lastTick + 1, Date.now() * 1000);
  return lastTick;
}

/** A model's identity for "has it changed": its SQL and every macro (a macro edit rebuilds all). */
export function sqlHash(m: Model, project: Project): string {
  const h = createHash('sha256');
  h.update(m.sql);
  h.update(JSON.stringify(m.config));
  for (const x of project.macros) h.update(x.sql);
  return h.digest('hex').slice(0, 32);
}
