/** What every route module gets: the warehouse's query runner, the job queue and the live feed. */
import type { Warehouse } from '../lake/warehouse.ts';
import type { JobQueue } from './jobs.ts';
import type { LiveFeed } from './live.ts';
import type { QueryRunner } from './query.ts';

export interface ServerContext {
  wh: Warehouse;
  /** Named, parameterized read-only queries (`sql/<name>.sql`). */
  q: QueryRunner;
  jobs: JobQueue;
  /** Server-sent events to dashboards (runs, KPIs, stream lag). */
  live: LiveFeed;
  dataDir: string;
  startedAt: string;
  /** Starts a backfill job; returns its id. */
  submitRuns(params: { pipeline: string; from?: string; to?: string; rerun?: boolean }): string;
  token: string | null;
  /** The built dashboard (`web/dist`); null = serve the API only. */
  webRoot: string | null;
}
