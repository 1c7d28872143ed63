/** ops.pipeline_runs and ops.task_runs: what ran, when, how often, and why it failed. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../lake/sql.ts';
import type { RunResult, TaskResult } from './types.ts';

const ts = (d: Date) => `TIMESTAMPTZ ${literal(d.toISOString())}`;
const text = (s: string | null) => (s === null ? 'NULL' : literal(s));

export async function startRun(
  conn: DuckDBConnection,
  runId: string,
  pipeline: string,
  date: string,
  started: Date,
): Promise<void> {
  await conn.run(`DELETE FROM ops.task_runs WHERE run_id = ${literal(runId)}`);
  await conn.run(
    `INSERT OR REPLACE INTO ops.pipeline_runs VALUES (${literal(runId)}, ${literal(pipeline)}, DATE ${literal(date)}, 'RUNNING', ${ts(started)}, NULL, NULL, NULL)`,
  );
}

export async function recordTask(
  conn: DuckDBConnection,
  runId: string,
  t: TaskResult,
  started: Date,
): Promise<void> {
  const excerpt = t.log.slice(-20).join('\n').slice(-4000);
  await conn.run(
    `INSERT INTO ops.task_runs VALUES (${[
      literal(runId),
      literal(t.taskId),
      literal(t.status),
      t.attempts,
      ts(started),
      ts(new Date(started.getTime() + t.seconds * 1000)),
      t.seconds,
      text(t.error),
      text(t.summary),
      text(excerpt),
    ].join(', ')})`,
  );
}

export async function finishRun(conn: DuckDBConnection, r: RunResult, finished: Date): Promise<void> {
  const failed = r.tasks.find((t) => t.status === 'FAILED');
  await conn.run(
    `UPDATE ops.pipeline_runs SET status = ${literal(r.status)}, finished_at = ${ts(finished)}, seconds = ${r.seconds},
       error_message = ${text(failed ? `${failed.taskId}: ${failed.error}` : null)} WHERE run_id = ${literal(r.runId)}`,
  );
}

/** Days of a pipeline whose latest run succeeded. */
export async function succeededDays(conn: DuckDBConnection, pipeline: string): Promise<Set<string>> {
  const r = await conn.runAndReadAll(
    `SELECT logical_date::VARCHAR AS d FROM ops.pipeline_runs WHERE pipeline = ${literal(pipeline)} AND status = 'SUCCESS'`,
  );
  return new Set(r.getRowObjectsJS().map((x) => String(x.d)));
}
