/**
 * Runs one pipeline for one day: tasks in dependency order, each with retries (exponential backoff)
 * and a timeout; a task that fails for good blocks everything downstream. Every attempt's outcome
 * is in ops.task_runs, the run's in ops.pipeline_runs.
 */

import type { Warehouse } from '../lake/warehouse.ts';
import { finishRun, recordTask, startRun } from './ledger.ts';
import {
  DEFAULT_RETRY,
  type PipelineDef,
  type RunResult,
  runIdFor,
  type TaskContext,
  type TaskDef,
  type TaskResult,
} from './types.ts';

export interface ExecuteOptions {
  wh: Warehouse;
  dataDir: string;
  date: string;
  onTask?: (taskId: string, event: 'start' | 'retry' | 'done', detail: string) => void;
  /** Test hook for time: waits go through here (real timers otherwise). */
  sleep?: (ms: number) => Promise<void>;
}

function order(tasks: TaskDef[]): TaskDef[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const out: TaskDef[] = [];
  const seen = new Set<string>();
  const visit = (t: TaskDef, path: string[]) => {
    if (seen.has(t.id)) return;
    if (path.includes(t.id)) throw new Error(`pipeline tasks form a cycle: ${[...path, t.id].join(' → ')}`);
    for (const d of t.deps) {
      const dep = byId.get(d);
      if (!dep) throw new Error(`task ${t.id} depends on unknown task ${d}`);
      visit(dep, [...path, t.id]);
    }
    seen.add(t.id);
    out.push(t);
  };
  for (const t of tasks) visit(t, []);
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function execute(def: PipelineDef, opts: ExecuteOptions): Promise<RunResult> {
  const t0 = performance.now();
  const conn = opts.wh.conn;
  const runId = runIdFor(def.name, opts.date);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  await startRun(conn, runId, def.name, opts.date, new Date());
  const results = new Map<string, TaskResult>();
  for (const task of order(def.tasks)) {
    const started = new Date();
    const s0 = performance.now();
    const log: string[] = [];
    const blocker = task.deps.find((d) => results.get(d)?.status !== 'SUCCESS');
    let result: TaskResult;
    if (blocker) {
      result = {
        taskId: task.id,
        status: 'UPSTREAM_FAILED',
        attempts: 0,
        seconds: 0,
        error: `upstream task ${blocker} did not succeed`,
        summary: null,
        log,
      };
    } else {
      const policy = { ...DEFAULT_RETRY, ...task.retry };
      let attempt = 0;
      let error: string | null = null;
      let summary: string | null = null;
      opts.onTask?.(task.id, 'start', '');
      while (attempt < policy.attempts) {
        attempt++;
        const ctx: TaskContext = {
          wh: opts.wh,
          pipeline: def.name,
          runId,
          date: opts.date,
          dataDir: opts.dataDir,
          attempt,
          log: (line) => log.push(line),
        };
        try {
          summary = await withTimeout(task.run(ctx), policy.timeoutMs, `task ${task.id}`);
          error = null;
          break;
        } catch (err) {
          error = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
          log.push(`attempt ${attempt} failed: ${error}`);
          if (attempt < policy.attempts) {
            const wait = policy.backoffMs * 2 ** (attempt - 1);
            opts.onTask?.(task.id, 'retry', `attempt ${attempt} failed (${error}); retrying in ${wait} ms`);
            await sleep(wait);
          }
        }
      }
      result = {
        taskId: task.id,
        status: error ? 'FAILED' : 'SUCCESS',
        attempts: attempt,
        seconds: (performance.now() - s0) / 1000,
        error,
        summary,
        log,
      };
      opts.onTask?.(task.id, 'done', error ? `FAILED: ${error}` : (summary ?? 'ok'));
    }
    results.set(task.id, result);
    await recordTask(conn, runId, result, started);
  }
  const tasks = [...results.values()];
  const run: RunResult = {
    runId,
    pipeline: def.name,
    date: opts.date,
    status: tasks.every((t) => t.status === 'SUCCESS') ? 'SUCCESS' : 'FAILED',
    seconds: (performance.now() - t0) / 1000,
    tasks,
  };
  await finishRun(conn, run, new Date());
  return run;
}
