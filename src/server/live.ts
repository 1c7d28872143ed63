/**
 * The live feed behind `GET /api/live`: a hub of named events (`job`, `runs`, `kpis`, `stream`) that
 * keeps the newest of each, so a dashboard that connects later starts from the current picture.
 * Sources: the job queue (runs started and finished), the runs ledger and KPIs re-read when a run
 * ends, and the stream ingester's status (src/stream/status.ts).
 */
import { EventEmitter } from 'node:events';
import { getStreamStatus } from '../stream/status.ts';
import type { Job, JobQueue } from './jobs.ts';
import type { QueryRunner } from './query.ts';

export type LiveEventType = 'job' | 'runs' | 'kpis' | 'stream';
export interface LiveEvent {
  type: LiveEventType;
  data: unknown;
  id: number;
}

export class LiveFeed extends EventEmitter {
  private latest = new Map<LiveEventType, LiveEvent>();
  private seq = 0;

  publish(type: LiveEventType, data: unknown): void {
    const ev = { type, data, id: ++this.seq };
    this.latest.set(type, ev);
    this.emit('event', ev);
  }

  /** The newest event of each type, oldest first. */
  snapshot(): LiveEvent[] {
    return [...this.latest.values()].sort((a, b) => a.id - b.id);
  }

  /** Calls `fn` for every new event; returns an unsubscribe. */
  subscribe(fn: (ev: LiveEvent) => void): () => void {
    this.on('event', fn);
    return () => this.off('event', fn);
  }
}

const jobSummary = ({ log: _log, result: _result, ...j }: Job) => j;

/**
 * Feeds the hub from the job queue, the warehouse and the stream ingester; returns a stop function.
 * Re-reading runs and KPIs is debounced: a backfill of many days finishes a run every second or so.
 */
export function wireLiveFeed(live: LiveFeed, jobs: JobQueue, q: QueryRunner, pollMs = 1000): () => void {
  let pending: NodeJS.Timeout | null = null;
  let withKpis = false;
  const refresh = (kpis: boolean) => {
    withKpis ||= kpis;
    if (pending) return;
    pending = setTimeout(async () => {
      pending = null;
      const k = withKpis;
      withKpis = false;
      try {
        live.publish('runs', { runs: (await q.run('runs_list', { limit: 20 })) ?? [] });
        if (k) live.publish('kpis', { kpis: await q.run('kpis_latest', { factory: null }) });
      } catch {
        // A rebuild can hold a table mid-swap; the next run's refresh catches up.
      }
    }, 300);
  };
  const onJob = (job: Job) => {
    live.publish('job', jobSummary(job));
    refresh(job.state === 'succeeded' || job.state === 'failed');
  };
  // Backfill logs one line per finished day: that day's run is in the ledger now.
  const onLog = (_job: Job, line: string) => {
    if (/^\d{4}-\d{2}-\d{2} /.test(line)) refresh(true);
  };
  jobs.on('job', onJob);
  jobs.on('log', onLog);

  let lastStream: unknown;
  const pollStream = () => {
    const s = getStreamStatus();
    if (s !== lastStream || !live.snapshot().some((e) => e.type === 'stream')) {
      lastStream = s;
      live.publish('stream', s);
    }
  };
  pollStream();
  const timer = setInterval(pollStream, pollMs);
  timer.unref();
  refresh(true);

  return () => {
    clearInterval(timer);
    if (pending) clearTimeout(pending);
    jobs.off('job', onJob);
    jobs.off('log', onLog);
  };
}
