/** Pipelines are small DAGs of tasks, run per plant-local day with retries and a ledger in ops. */
import type { Warehouse } from '../lake/warehouse.ts';

export interface TaskContext {
  wh: Warehouse;
  pipeline: string;
  runId: string;
  /** The plant-local day this run is for. */
  date: string;
  dataDir: string;
  attempt: number;
  log(line: string): void;
}

export interface RetryPolicy {
  attempts: number;
  /** First wait; each retry doubles it. */
  backoffMs: number;
  timeoutMs: number;
}

export interface TaskDef {
  id: string;
  deps: string[];
  retry?: Partial<RetryPolicy>;
  /** Throws to fail; the returned text is kept as the task's summary. */
  run(ctx: TaskContext): Promise<string>;
}

export interface PipelineDef {
  name: string;
  description: string;
  tasks: TaskDef[];
}

export type TaskStatus = 'SUCCESS' | 'FAILED' | 'UPSTREAM_FAILED';
export type RunStatus = 'SUCCESS' | 'FAILED' | 'RUNNING';

export interface TaskResult {
  taskId: string;
  status: TaskStatus;
  attempts: number;
  seconds: number;
  error: string | null;
  summary: string | null;
  log: string[];
}

export interface RunResult {
  runId: string;
  pipeline: string;
  date: string;
  status: RunStatus;
  seconds: number;
  tasks: TaskResult[];
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 500, timeoutMs: 30 * 60_000 };

/** Deterministic per pipeline and day: a rerun of a day is the same run, and its loads replace their slices. */
export const runIdFor = (pipeline: string, date: string) => `${pipeline}::${date}`;
