/**
 * Runs a models project against the warehouse: macros, declared sources, then each selected model
 * in dependency order, its tests right after it (dbt's `build`). A model whose upstream failed, or
 * failed an error-severity test, is skipped. Every model run and test result lands in ops.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ensureBronzeTable } from '../lake/bronze/table.ts';
import { literal } from '../lake/sql.ts';
import type { Warehouse } from '../lake/warehouse.ts';
import { select } from './dag.ts';
import { type DaySet, materialize } from './materialize.ts';
import type { Model, Project } from './project.ts';
import { compileTest, recordTest, runTest, type TestResult } from './tests.ts';

export interface BuildOptions {
  select?: string[];
  fullRefresh?: boolean;
  /** Run the models (default true) and/or their tests (default true). */
  run?: boolean;
  test?: boolean;
  invocationId?: string;
  onModel?: (r: ModelResult, index: number, total: number) => void;
}

export interface ModelResult {
  model: string;
  relation: string;
  materialization: string;
  mode: string;
  status: 'SUCCESS' | 'ERROR' | 'SKIPPED' | 'TESTED';
  rows: number | null;
  affectedDays: string[];
  seconds: number;
  error: string | null;
  tests: TestResult[];
}

export interface BuildSummary {
  invocationId: string;
  models: ModelResult[];
  errors: number;
  skipped: number;
  testsFailed: number;
  testsWarned: number;
  seconds: number;
}

const DAY_MS = 86_400_000;
const shift = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

async function scalar(conn: DuckDBConnection, sql: string): Promise<unknown> {
  const r = await conn.runAndReadAll(sql);
  const row = r.getRowObjectsJS()[0];
  return row ? Object.values(row)[0] : null;
}

/** Creates declared source tables and columns a drop never had, so models always bind. */
export async function ensureSources(conn: DuckDBConnection, project: Project): Promise<void> {
  for (const s of project.sources) {
    if (s.schema !== 'bronze') continue;
    await ensureBronzeTable(conn, s.name, s.columns);
  }
}

export async function installMacros(conn: DuckDBConnection, project: Project): Promise<void> {
  for (const m of project.macros) await conn.run(m.sql);
}

/**
 * Days an incremental model must rebuild: the days of files loaded since its last successful run,
 * each with the `lookback` days before it (late records in a day's drop belong to earlier days).
 * `null` = rebuild all: first run, a full refresh, or reference data (no day) changed.
 */
async function affectedDays(conn: DuckDBConnection, m: Model, watermark: string | null): Promise<DaySet> {
  const prev = await scalar(
    conn,
    `SELECT max(input_watermark)::VARCHAR FROM ops.model_runs WHERE relation = ${literal(m.relation)} AND status = 'SUCCESS'`,
  );
  if (!prev || !watermark) return null;
  const r = await conn.runAndReadAll(
    `SELECT DISTINCT logical_date::VARCHAR AS d FROM ops.file_manifest WHERE loaded_at > TIMESTAMPTZ ${literal(String(prev))}`,
  );
  const days = new Set<string>();
  for (const row of r.getRowObjectsJS()) {
    if (row.d === null) return null;
    for (let k = 0; k <= m.config.lookbackDays; k++) days.add(shift(String(row.d), -k));
  }
  return [...days].sort();
}

export async function build(wh: Warehouse, project: Project, opts: BuildOptions = {}): Promise<BuildSummary> {
  const t0 = performance.now();
  const conn = wh.conn;
  const invocationId = opts.invocationId ?? `build::${new Date().toISOString()}`;
  const doRun = opts.run ?? true;
  const doTest = opts.test ?? true;
  const models = select(project, opts.select);
  const compiled = new Map(models.map((m) => [m.name, m.tests.map((t) => compileTest(m, t.column, t.spec))]));
  await installMacros(conn, project);
  await ensureSources(conn, project);
  const watermark = (await scalar(
    conn,
    `SELECT max(loaded_at)::VARCHAR FROM ops.file_manifest WHERE status = 'SUCCESS'`,
  )) as string | null;

  const blocked = new Set<string>();
  const results: ModelResult[] = [];
  for (const [i, m] of models.entries()) {
    const started = new Date();
    const s0 = performance.now();
    const result: ModelResult = {
      model: m.name,
      relation: m.relation,
      materialization: m.config.materialized,
      mode: '',
      status: 'SUCCESS',
      rows: null,
      affectedDays: [],
      seconds: 0,
      error: null,
      tests: [],
    };
    const blocker = m.dependsOn.find((d) => blocked.has(d));
    if (blocker) {
      result.status = 'SKIPPED';
      result.error = `upstream ${blocker} failed`;
      blocked.add(m.relation);
    } else {
      if (doRun) {
        try {
          const days =
            opts.fullRefresh || m.config.materialized !== 'incremental'
              ? null
              : await affectedDays(conn, m, watermark);
          const r = await materialize(conn, m, days);
          result.mode = r.mode;
          result.rows = r.rows;
          result.affectedDays = r.affectedDays;
        } catch (err) {
          result.status = 'ERROR';
          result.error = (err as Error).message.split('\n')[0] ?? String(err);
          blocked.add(m.relation);
        }
      } else result.status = 'TESTED';
      if (doTest && result.status !== 'ERROR') {
        for (const t of compiled.get(m.name) ?? []) {
          const tr = await runTest(conn, t);
          await recordTest(conn, tr, invocationId);
          result.tests.push(tr);
          if (tr.severity === 'ERROR' && tr.status !== 'PASS') blocked.add(m.relation);
        }
      }
    }
    result.seconds = (performance.now() - s0) / 1000;
    if (doRun) await recordRun(conn, invocationId, m, result, watermark, started);
    results.push(result);
    opts.onModel?.(result, i, models.length);
  }
  const tests = results.flatMap((r) => r.tests);
  return {
    invocationId,
    models: results,
    errors: results.filter((r) => r.status === 'ERROR').length,
    skipped: results.filter((r) => r.status === 'SKIPPED').length,
    testsFailed: tests.filter((t) => t.status !== 'PASS' && t.severity === 'ERROR').length,
    testsWarned: tests.filter((t) => t.status !== 'PASS' && t.severity === 'WARN').length,
    seconds: (performance.now() - t0) / 1000,
  };
}

async function recordRun(
  conn: DuckDBConnection,
  invocationId: string,
  m: Model,
  r: ModelResult,
  watermark: string | null,
  started: Date,
): Promise<void> {
  const days = r.affectedDays.length ? `[${r.affectedDays.map(literal).join(', ')}]::VARCHAR[]` : 'NULL';
  await conn.run(
    `INSERT INTO ops.model_runs VALUES (${[
      literal(invocationId),
      literal(m.name),
      literal(m.relation),
      literal(m.config.materialized),
      literal(r.mode || 'none'),
      literal(r.status),
      r.rows ?? 'NULL',
      days,
      watermark ? `TIMESTAMPTZ ${literal(watermark)}` : 'NULL',
      r.seconds,
      r.error === null ? 'NULL' : literal(r.error),
      `TIMESTAMPTZ ${literal(started.toISOString())}`,
      'now()',
    ].join(', ')})`,
  );
}
