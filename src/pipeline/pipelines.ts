/**
 * The pipelines: `daily` lands a day and rebuilds what it touched, `transform` rebuilds and tests
 * the models only. Data tests don't retry (a failing test is an answer, not a glitch).
 */
import { join } from 'node:path';
import { buildTask, ingestTask, monitorTask, publishTask, testTask, verifyTask } from './tasks.ts';
import type { PipelineDef } from './types.ts';

export function pipelines(models?: string): Record<string, PipelineDef> {
  return {
    daily: {
      name: 'daily',
      description:
        'ingest the day → build models → run data tests → verify against the truth → publish gold as Parquet',
      tasks: [
        ingestTask(),
        buildTask(['ingest'], models),
        testTask(['build'], models),
        verifyTask(['test']),
        publishTask(['verify'], (ctx) => join(ctx.dataDir, 'lake')),
      ],
    },
    monitor: {
      name: 'monitor',
      description: 'monitoring checks: load balance, volume anomaly, schema change, null rates, …',
      tasks: [monitorTask([])],
    },
    transform: {
      name: 'transform',
      description: 'build models → run data tests',
      tasks: [buildTask([], models), testTask(['build'], models)],
    },
  };
}
