/**
 * `ironworks serve`: the long-running owner of the warehouse. It holds the DuckDB file, runs the
 * schedule (cron in the plant's time zone; daily 09:00 as in seed 001), and takes run and backfill
 * requests over HTTP on 127.0.0.1, so other shells work through it instead of fighting for the lock.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve as serveHttp } from '@hono/node-server';
import { Cron } from 'croner';
import { RUN_MANIFEST_FILE } from '../contracts/layout.ts';
import { claimOwnership } from '../lake/ownership.ts';
import { Warehouse } from '../lake/warehouse.ts';
import { backfill } from '../pipeline/backfill.ts';
import { dataPaths, dropDays } from '../pipeline/data-dir.ts';
import { pipelines } from '../pipeline/pipelines.ts';
import { StreamIngester } from '../stream/ingester.ts';
import { createApp } from './app.ts';
import { JobQueue } from './jobs.ts';
import { LiveFeed, wireLiveFeed } from './live.ts';
import { QueryRunner } from './query.ts';
import { webDist } from './web-build.ts';

/** Read connections for the API: a slow query then holds up only its own lane. */
const READ_CONNECTIONS = 3;

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  token: string | null;
  /** Cron expression; empty = no schedule. */
  schedule: string;
  timezone?: string;
  log?: (line: string) => void;
  /** The built dashboard to serve; default web/dist (null = API only). */
  webRoot?: string | null;
  /** NATS server to stream into bronze from (see src/stream); none = no stream ingestion. */
  nats?: string | null;
}

export interface RunningServer {
  url: string;
  wh: Warehouse;
  jobs: JobQueue;
  close(): Promise<void>;
}

/** The plant's zone from the drop (simulation.json or reference/factories.csv), else UTC. */
export function plantZone(dataDir: string): string {
  const manifest = join(dataDir, RUN_MANIFEST_FILE);
  if (existsSync(manifest)) {
    const tz = (JSON.parse(readFileSync(manifest, 'utf8')) as { timezone?: string }).timezone;
    if (tz) return tz;
  }
  const factories = join(dataDir, 'reference', 'factories.csv');
  if (existsSync(factories)) {
    const line = readFileSync(factories, 'utf8').split(/\r?\n/)[1];
    const tz = line?.split(',').pop()?.trim();
    if (tz) return tz;
  }
  return 'UTC';
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const log = o.log ?? (() => {});
  const paths = dataPaths(o.dataDir);
  const wh = await Warehouse.open(paths.warehouse, 'ironworks serve');
  const jobs = new JobQueue();
  const startedAt = new Date().toISOString();

  const submitRuns = (p: { pipeline: string; from?: string; to?: string; rerun?: boolean }) => {
    const job = jobs.submit('runs', p, async (jobLog) => {
      const def = pipelines()[p.pipeline];
      if (!def) throw new Error(`no pipeline ${p.pipeline}`);
      const dates = dropDays(paths.root).filter((d) => (!p.from || d >= p.from) && (!p.to || d <= p.to));
      const r = await backfill(def, {
        wh,
        dataDir: paths.root,
        dates,
        rerun: p.rerun,
        onDay: (date, ev, run) => jobLog(`${date} ${ev === 'done' ? run?.status : ev}`),
        onTask: (task, ev, detail) => {
          if (ev !== 'start') jobLog(`  ${task} ${detail}`);
        },
      });
      if (r.failed) throw new Error(`${def.name} failed on ${r.failed}`);
      return r;
    });
    return job.id;
  };

  // Reads get their own connection so a running pipeline's transaction never blocks or sees them.
  const readConns = await Promise.all(Array.from({ length: READ_CONNECTIONS }, () => wh.connect()));
  const q = new QueryRunner(readConns);
  const live = new LiveFeed();
  const stopLive = wireLiveFeed(live, jobs, q);
  const webRoot = o.webRoot === undefined ? webDist() : o.webRoot;
  const app = createApp({
    wh,
    q,
    jobs,
    live,
    dataDir: paths.root,
    startedAt,
    submitRuns,
    token: o.token,
    webRoot,
  });
  const server = await new Promise<ReturnType<typeof serveHttp>>((resolveServer) => {
    const s = serveHttp({ fetch: app.fetch, hostname: o.host, port: o.port }, () => resolveServer(s));
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${addr.port}`;
  // Tell the next process who holds the warehouse and where to send its work.
  claimOwnership(wh.path, 'ironworks serve', url);

  // The stream ingester commits on a connection of its own: its transactions never mix with a run's.
  const streamConn = o.nats ? await wh.connect() : null;
  const ingester =
    o.nats && streamConn
      ? await StreamIngester.start({ nats: o.nats, conn: streamConn, log: (l) => log(`stream: ${l}`) })
      : null;
  if (ingester) log(`stream: ${ingester.consumers.length} consumers on ${o.nats} into bronze`);

  let cron: Cron | null = null;
  if (o.schedule) {
    const zone = o.timezone ?? plantZone(paths.root);
    cron = new Cron(o.schedule, { timezone: zone, protect: true }, () => {
      log(`schedule fired (${o.schedule} ${zone}): running missing days`);
      submitRuns({ pipeline: 'daily' });
    });
    log(`schedule: ${o.schedule} in ${zone}; next ${cron.nextRun()?.toISOString() ?? 'never'}`);
  }

  return {
    url,
    wh,
    jobs,
    async close() {
      cron?.stop();
      await ingester?.stop();
      streamConn?.closeSync();
      stopLive();
      // Open SSE streams would keep close() waiting for ever.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      await q.drain();
      q.close();
      for (const c of readConns) c.closeSync();
      await wh.close();
    },
  };
}
