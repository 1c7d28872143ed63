/**
 * Runs a models project against the warehouse: macros, declared sources, then each selected model
 * in dependency order, its tests right after it (dbt's `build`). A model whose upstream failed, or
 * failed an error-severity test, is skipped. Every model run and test result lands in ops.
 * A model none of whose inputs changed since it was last built is skipped (`up_to_date`); what
 * changed, and from which day, is planned in plan.ts from what state.ts remembers.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays } from '../contracts/plant-time.ts';
import { ensureBronzeTable } from '../lake/bronze/table.ts';
import { literal } from '../lake/sql.ts';
import type { Warehouse } from '../lake/warehouse.ts';
import { select } from './dag.ts';
import { type Fingerprint, fingerprint, firstDifference } from './fingerprint.ts';
import { materialize } from './materialize.ts';
import { type Decision, Planner } from './plan.ts';
import type { Model, Project } from './project.ts';
import { RunnerState, type Since, tick } from './state.ts';
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
  const runs: string[] = [];
  const state = await RunnerState.load(conn);
  const plan = new Planner(project, state);

  const blocked = new Set<string>();
  const results: ModelResult[] = [];
  try {
    for (const [i, m] of models.entries()) {
      const started = new Date();
      const builtAt = tick();
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
            await run(conn, m, plan.decide(m, opts.fullRefresh ?? false), result, {
              state,
              invocationId,
              builtAt,
            });
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
      if (doRun) runs.push(runRow(invocationId, m, result, state.watermark, started));
      results.push(result);
      opts.onModel?.(result, i, models.length);
    }
  } finally {
    if (doRun) {
      await state.flush(conn);
      if (runs.length) await conn.run(`INSERT INTO ops.model_runs VALUES ${runs.join(', ')}`);
    }
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

/**
 * Runs one model as planned: skips it when nothing it reads changed, else builds it and records
 * what changed (for incremental models, from the first day rebuilt; for tables, the days whose
 * content differs from the last build).
 */
async function run(
  conn: DuckDBConnection,
  m: Model,
  decision: Decision,
  result: ModelResult,
  ctx: { state: RunnerState; invocationId: string; builtAt: number },
): Promise<void> {
  const { state } = ctx;
  if (decision.action === 'skip') {
    result.mode = 'up_to_date';
    result.rows = 0;
    return;
  }
  const before = state.states.get(m.relation);
  const r = await materialize(conn, m, decision.since, state.kinds.get(m.relation));
  state.kinds.set(m.relation, m.config.materialized === 'view' ? 'VIEW' : 'BASE TABLE');
  result.mode = r.mode;
  result.rows = r.rows;
  const newest = state.newestDay();
  result.affectedDays =
    r.mode === 'incremental' && r.affectedDays[0] && newest ? daysBetween(r.affectedDays[0], newest) : [];
  let changed: Since;
  let print: Fingerprint | null = null;
  if (m.config.materialized === 'view') changed = decision.full ? null : undefined;
  else if (m.config.materialized === 'incremental')
    changed = r.mode === 'incremental' ? decision.since : null;
  else {
    print = await fingerprint(conn, m.relation, m.config.partitionBy);
    changed = decision.full ? null : firstDifference(before?.fingerprint ?? null, print);
  }
  state.record(
    m.relation,
    { sqlHash: decision.sqlHash, builtAt: ctx.builtAt, watermark: state.watermark, fingerprint: print },
    changed,
    ctx.invocationId,
    tick(),
  );
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 10_000; d = addDays(d, 1)) out.push(d);
  return out;
}

function runRow(
  invocationId: string,
  m: Model,
  r: ModelResult,
  watermark: number | null,
  started: Date,
): string {
  const days = r.affectedDays.length ? `[${r.affectedDays.map(literal).join(', ')}]::VARCHAR[]` : 'NULL';
  return `(${[
    literal(invocationId),
    literal(m.name),
    literal(m.relation),
    literal(m.config.materialized),
    literal(r.mode || 'none'),
    literal(r.status),
    r.rows ?? 'NULL',
    days,
    watermark === null ? 'NULL' : `make_timestamp(${watermark})::TIMESTAMPTZ`,
    r.seconds,
    r.error === null ? 'NULL' : literal(r.error),
    `TIMESTAMPTZ ${literal(started.toISOString())}`,
    'now()',
  ].join(', ')})`;
}
