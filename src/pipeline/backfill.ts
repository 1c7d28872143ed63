/**
 * A backfill runs a pipeline for each day of a range, in order. It resumes: days whose run already
 * succeeded are skipped unless asked to rerun, so a killed backfill run again completes only what is
 * missing. It stops at the first failed day (later days would build on a hole).
 */
import type { Warehouse } from '../lake/warehouse.ts';
import { type ExecuteOptions, execute } from './executor.ts';
import { succeededDays } from './ledger.ts';
import type { PipelineDef, RunResult } from './types.ts';

export interface BackfillOptions {
  wh: Warehouse;
  dataDir: string;
  dates: string[];
  rerun?: boolean;
  onDay?: (date: string, event: 'skip' | 'start' | 'done', run?: RunResult) => void;
  onTask?: ExecuteOptions['onTask'];
}

export interface BackfillResult {
  pipeline: string;
  runs: RunResult[];
  skipped: string[];
  failed: string | null;
}

export async function backfill(def: PipelineDef, opts: BackfillOptions): Promise<BackfillResult> {
  const done = opts.rerun ? new Set<string>() : await succeededDays(opts.wh.conn, def.name);
  const runs: RunResult[] = [];
  const skipped: string[] = [];
  for (const date of [...opts.dates].sort()) {
    if (done.has(date)) {
      skipped.push(date);
      opts.onDay?.(date, 'skip');
      continue;
    }
    opts.onDay?.(date, 'start');
    const run = await execute(def, { wh: opts.wh, dataDir: opts.dataDir, date, onTask: opts.onTask });
    runs.push(run);
    opts.onDay?.(date, 'done', run);
    if (run.status !== 'SUCCESS') return { pipeline: def.name, runs, skipped, failed: date };
  }
  return { pipeline: def.name, runs, skipped, failed: null };
}
