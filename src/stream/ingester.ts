/**
 * The stream ingester: a durable consumer per bronze table, all writing through one DuckDB
 * connection, with lag and throughput published to the in-process status registry (status.ts)
 * once a second. Runs inside `ironworks stream` or `ironworks serve`.
 *
 * @example
 * const ing = await StreamIngester.start({ nats: 'nats://127.0.0.1:4222', conn: wh.conn });
 * await ing.waitIdle();   // caught up with everything published so far
 * await ing.stop();
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureStreams } from '../contracts/stream.ts';
import { type StreamTable, streamTables } from '../sources/stream/index.ts';
import { BronzeWriter } from './bronze-writer.ts';
import { TableConsumer } from './consumer.ts';
import { Mutex } from './mutex.ts';
import { type StreamConsumerStatus, type StreamStatus, setStreamStatus } from './status.ts';

export interface IngesterOptions {
  nats: string;
  conn: DuckDBConnection;
  /** Durable names are `<prefix>_<table>` (default `ironworks_bronze`). */
  consumerPrefix?: string;
  /** Only these bronze tables (default: every table of every stream). */
  tables?: string[];
  log?: (msg: string) => void;
  /** How often lag is read from the broker (ms). */
  statusEveryMs?: number;
  /** Called after each committed batch with every event's broker time (ms): latency measurements. */
  onCommitted?: (table: string, publishedMs: number[], committedMs: number) => void;
}

export interface IngestTotals {
  events: number;
  quarantined: number;
  batches: number;
  repositions: number;
  perTable: Record<string, { events: number; quarantined: number; committedSeq: number }>;
}

const RATE_WINDOW_MS = 5000;

export class StreamIngester {
  private readonly rates = new Map<TableConsumer, Array<[number, number]>>();
  private status: StreamStatus | null = null;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<unknown> | null = null;
  private stopped = false;

  private constructor(
    readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    readonly consumers: TableConsumer[],
    private readonly server: string,
  ) {}

  static async start(opts: IngesterOptions): Promise<StreamIngester> {
    const log = opts.log ?? (() => {});
    const nc = await connect({
      servers: opts.nats,
      name: 'ironworks-stream',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    }).catch((err: Error) => {
      throw new Error(
        `cannot reach NATS at ${opts.nats} (${err.message}): start nats-server with JetStream, or give --nats`,
      );
    });
    try {
      const jsm = await jetstreamManager(nc);
      await ensureStreams(jsm);
      const js = jetstream(nc);
      const lock = new Mutex();
      const writer = new BronzeWriter(opts.conn);
      const specs: StreamTable[] = streamTables(opts.consumerPrefix).filter(
        (s) => !opts.tables || opts.tables.includes(s.table),
      );
      let ing: StreamIngester | null = null;
      const consumers = specs.map(
        (spec) =>
          new TableConsumer(spec, {
            js,
            jsm,
            conn: opts.conn,
            writer,
            lock,
            log,
            onCommit: (c, r, published) => {
              ing?.recordRate(c, r.read);
              opts.onCommitted?.(c.spec.table, published, Date.now());
            },
          }),
      );
      ing = new StreamIngester(nc, jsm, consumers, opts.nats);
      await Promise.all(consumers.map((c) => c.start()));
      await ing.refresh();
      const every = opts.statusEveryMs ?? 1000;
      ing.timer = setInterval(() => {
        ing.refreshing ??= ing.refresh().finally(() => {
          if (ing) ing.refreshing = null;
        });
      }, every);
      ing.timer.unref();
      return ing;
    } catch (err) {
      await nc.close().catch(() => {});
      throw err;
    }
  }

  private recordRate(c: TableConsumer, n: number): void {
    const now = Date.now();
    const r = this.rates.get(c) ?? [];
    r.push([now, n]);
    while (r.length > 0 && (r[0] as [number, number])[0] < now - RATE_WINDOW_MS) r.shift();
    this.rates.set(c, r);
  }

  private rate(c: TableConsumer): number {
    const now = Date.now();
    const r = (this.rates.get(c) ?? []).filter(([t]) => t >= now - RATE_WINDOW_MS);
    return r.reduce((a, [, n]) => a + n, 0) / (RATE_WINDOW_MS / 1000);
  }

  /** Reads lag from the broker (fresh consumer info) and publishes the status. */
  async refresh(): Promise<StreamStatus> {
    const streams: StreamConsumerStatus[] = [];
    const lastOf = new Map<string, { seq: number; ms: number | null }>();
    for (const c of this.consumers) {
      let pending = 0;
      let ackPending = 0;
      let last = lastOf.get(c.stream);
      try {
        const ci = await this.jsm.consumers.info(c.stream, c.name);
        pending = ci.num_pending;
        ackPending = ci.num_ack_pending;
        if (!last) {
          const si = await this.jsm.streams.info(c.stream);
          last = { seq: si.state.last_seq, ms: si.state.last_ts ? Date.parse(si.state.last_ts) : null };
          lastOf.set(c.stream, last);
        }
      } catch {
        // Broker unreachable for the moment: keep the last known numbers.
        const prev = this.status?.streams.find((s) => s.consumer === c.name);
        pending = prev?.pending ?? 0;
        ackPending = prev?.ackPending ?? 0;
      }
      const behind = pending + ackPending > 0 || !c.idle;
      streams.push({
        stream: c.stream,
        consumer: c.name,
        table: c.spec.table,
        pending,
        ackPending,
        committedSeq: c.committed,
        lastSeq: last?.seq ?? c.committed,
        eventsPerSec: Math.round(this.rate(c)),
        lagSeconds: !behind
          ? 0
          : last?.ms != null && c.committedPublishedMs !== null
            ? Math.max(0, (last.ms - c.committedPublishedMs) / 1000)
            : null,
      });
    }
    const totals = this.totals();
    this.status = {
      updatedAt: new Date().toISOString(),
      server: this.server,
      connected: !this.nc.isClosed(),
      totalEvents: totals.events,
      totalQuarantined: totals.quarantined,
      streams,
    };
    if (!this.stopped) setStreamStatus(this.status);
    return this.status;
  }

  /** The status as last read (refreshed about once a second). */
  lastStatus(): StreamStatus | null {
    return this.status;
  }

  totals(): IngestTotals {
    const perTable: IngestTotals['perTable'] = {};
    let events = 0;
    let quarantined = 0;
    let batches = 0;
    let repositions = 0;
    for (const c of this.consumers) {
      events += c.events;
      quarantined += c.quarantined;
      batches += c.batches;
      repositions += c.repositions;
      perTable[c.spec.table] = { events: c.events, quarantined: c.quarantined, committedSeq: c.committed };
    }
    return { events, quarantined, batches, repositions, perTable };
  }

  /**
   * Resolves once every consumer has nothing pending at the broker and nothing uncommitted here,
   * twice in a row `quietMs` apart (so a publisher that just paused is not taken for done).
   */
  async waitIdle(opts: { quietMs?: number; timeoutMs?: number } = {}): Promise<void> {
    const quiet = opts.quietMs ?? 300;
    const until = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
    let streak = 0;
    while (streak < 2) {
      if (Date.now() > until) throw new Error('stream ingest did not catch up in time');
      await new Promise((r) => setTimeout(r, quiet));
      const s = await this.refresh();
      const idle =
        this.consumers.every((c) => c.idle) && s.streams.every((x) => x.pending === 0 && x.ackPending === 0);
      streak = idle ? streak + 1 : 0;
    }
  }

  async stop(): Promise<IngestTotals> {
    if (this.timer) clearInterval(this.timer);
    await this.refreshing;
    for (const c of this.consumers) await c.stop();
    this.stopped = true;
    setStreamStatus(null);
    await this.nc.drain().catch(() => {});
    return this.totals();
  }
}
