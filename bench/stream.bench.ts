/**
 * Stream ingestion, broker → bronze, exactly once, on a real nats-server (temp store).
 *
 * 1. Throughput: BENCH_STREAM_EVENTS (default 1,000,000) widget-telemetry events (~300 B JSON, the
 *    ironworks envelope in headers) are published to IRONWORKS_MACHINE_TELEMETRY first. Baseline:
 *    a bare durable pull consumer reads and acknowledges them all (no database): the raw JetStream
 *    consume rate in this process. Then the StreamIngester lands them in a fresh warehouse (Appender
 *    → staging → INSERT, position committed in the same transaction, AckAll after COMMIT).
 * 2. Latency: with the ingester caught up, events are published paced at 10,000/s for
 *    BENCH_STREAM_LATENCY_S (default 10) seconds; each event's latency is its broker timestamp →
 *    the COMMIT of its batch.
 * 3. Crash run: BENCH_STREAM_KILL_EVENTS (default 1,000,000) events on a fresh broker, `ironworks
 *    stream` as a child process SIGKILLed BENCH_STREAM_KILLS (default 20) times at random points
 *    (after it starts consuming), restarted each time, then run to the end: bronze must hold every
 *    event exactly once.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureStreams, HEADERS } from '../src/contracts/stream.ts';
import { Warehouse } from '../src/lake/warehouse.ts';
import { StreamIngester } from '../src/stream/ingester.ts';
import { startNats } from '../test/helpers/nats.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { consuming, drainWithCli, exited, streamChild } from '../test/integration/stream/helpers.ts';
import { type BenchResult, type BenchRow, fixed, int, machineInfo } from './bench.ts';
import { publish } from './stream-child.ts';

export const name = 'stream';

const EVENTS = Number(process.env.BENCH_STREAM_EVENTS ?? 1_000_000);
const KILL_EVENTS = Number(process.env.BENCH_STREAM_KILL_EVENTS ?? 1_000_000);
const KILLS = Number(process.env.BENCH_STREAM_KILLS ?? 20);
const LATENCY_S = Number(process.env.BENCH_STREAM_LATENCY_S ?? 10);
const RATE = 10_000;
const TARGET_RATE = 50_000;
const TARGET_P99_MS = 1000;
const CHILD = fileURLToPath(new URL('./stream-child.ts', import.meta.url));
const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));

/** The paced publisher as a child process; resolves with its seconds. */
function pacedPublisher(url: string, from: number, n: number, perSec: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_TS, CHILD, url, String(from), String(n), String(perSec)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`paced publisher exited ${code}: ${err}`));
      else resolve((JSON.parse(out) as { seconds: number }).seconds);
    });
  });
}

const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;

/** The bare consume rate: a durable pull consumer reading and acknowledging (AckAll) everything. */
async function rawConsume(nc: NatsConnection, n: number): Promise<{ seconds: number; cpu: number }> {
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add('IRONWORKS_MACHINE_TELEMETRY', {
    durable_name: 'bench_raw',
    ack_policy: AckPolicy.All,
    deliver_policy: DeliverPolicy.All,
    max_ack_pending: 50_000,
  });
  const c = await jetstream(nc).consumers.get('IRONWORKS_MACHINE_TELEMETRY', 'bench_raw');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const iter = await c.consume({ max_messages: 5000, expires: 5000 });
  let seen = 0;
  let bytes = 0;
  for await (const m of iter) {
    seen++;
    bytes += m.data.length + (m.headers?.get(HEADERS.ordinal).length ?? 0);
    if (seen % 1000 === 0 || seen === n) m.ack();
    if (seen >= n) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  await iter.close();
  if (bytes === 0) throw new Error('nothing consumed');
  return { seconds, cpu: cpuSeconds(process.cpuUsage(c0)) };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
};

async function throughputAndLatency(dir: string) {
  const nats = await startNats({ mqtt: false });
  const nc = await connect({ servers: nats.url });
  try {
    await ensureStreams(await jetstreamManager(nc));
    console.error(`  publishing ${int(EVENTS)} events…`);
    const pubSeconds = await publish(nc, 1, EVENTS);
    console.error(`  raw consume…`);
    const raw = await rawConsume(nc, EVENTS);
    console.error(`  ingest into bronze…`);
    const wh = await Warehouse.open(join(dir, 'wh.duckdb'), 'bench stream');
    let latencies: number[] | null = null;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const ing = await StreamIngester.start({
      nats: nats.url,
      conn: wh.conn,
      tables: ['machine_telemetry'],
      consumerPrefix: 'bench',
      onCommitted: (_t, published, committed) => {
        if (latencies) for (const p of published) latencies.push(committed - p);
      },
    });
    while (ing.totals().events < EVENTS) await new Promise((r) => setTimeout(r, 20));
    const ingSeconds = (performance.now() - t0) / 1000;
    const ingCpu = cpuSeconds(process.cpuUsage(c0));
    const batches = ing.totals().batches;
    console.error(`  latency at ${int(RATE)} events/s…`);
    latencies = [];
    const paced = RATE * LATENCY_S;
    // The paced publisher is a process of its own: it must not share the ingester's event loop.
    // Async: the ingester runs in this process and must keep going meanwhile.
    const pacedSeconds = await pacedPublisher(nats.url, EVENTS + 1, paced, RATE);
    while (ing.totals().events < EVENTS + paced) await new Promise((r) => setTimeout(r, 20));
    await ing.stop();
    const [count] = await wh.query<{ n: bigint }>(
      'SELECT count(DISTINCT _ordinal) AS n FROM bronze.machine_telemetry',
    );
    await wh.close();
    if (Number(count?.n) !== EVENTS + paced)
      throw new Error(`bronze holds ${count?.n}, expected ${EVENTS + paced}`);
    return {
      pubRate: EVENTS / pubSeconds,
      rawRate: EVENTS / raw.seconds,
      rawCpu: raw.cpu,
      ingRate: EVENTS / ingSeconds,
      ingCpu,
      batches,
      pacedRate: paced / pacedSeconds,
      p50: pct(latencies, 50),
      p99: pct(latencies, 99),
      max: pct(latencies, 100),
    };
  } finally {
    await nc.close();
    await nats.dispose();
  }
}

async function crashRun(dir: string) {
  const nats = await startNats({ mqtt: false });
  const nc = await connect({ servers: nats.url });
  try {
    await ensureStreams(await jetstreamManager(nc));
    console.error(`  crash run: publishing ${int(KILL_EVENTS)} events…`);
    await publish(nc, 1, KILL_EVENTS);
    const warehouse = join(dir, 'crash.duckdb');
    const t0 = performance.now();
    for (let k = 0; k < KILLS; k++) {
      const child = streamChild(nats.url, warehouse);
      await consuming(child);
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 1800));
      child.kill('SIGKILL');
      await exited(child);
    }
    const drain = await drainWithCli(nats.url, warehouse);
    if (drain.code !== 0) throw new Error(`stream --until-idle exited ${drain.code}: ${drain.stderr}`);
    const seconds = (performance.now() - t0) / 1000;
    const wh = await Warehouse.open(warehouse, 'bench stream');
    const [r] = await wh.query<{ n: bigint; d: bigint }>(
      'SELECT count(*) AS n, count(DISTINCT _ordinal) AS d FROM bronze.machine_telemetry',
    );
    await wh.close();
    return { rows: Number(r?.n), distinct: Number(r?.d), seconds };
  } finally {
    await nc.close();
    await nats.dispose();
  }
}

export async function run(): Promise<BenchResult> {
  const machine = machineInfo();
  const dir = tempDir('bench-stream');
  try {
    const t = await throughputAndLatency(dir.path);
    const k = KILLS > 0 ? await crashRun(dir.path) : null;
    const exact = k ? k.rows === KILL_EVENTS && k.distinct === KILL_EVENTS : null;
    const rows: BenchRow[] = [
      {
        metric: 'publish (JetStream, acked, 8k in flight)',
        value: `${int(t.pubRate)} events/s`,
        note: 'how the backlog was made',
      },
      {
        metric: 'raw JetStream consume (baseline)',
        value: `${int(t.rawRate)} events/s`,
        note: `${fixed(t.rawCpu, 1)} s CPU in this process`,
      },
      {
        metric: 'broker → bronze, exactly once',
        value: `${int(t.ingRate)} events/s`,
        note: `${fixed(t.ingRate / t.rawRate, 2)}× raw consume; ${int(t.batches)} batches; ${fixed(t.ingCpu, 1)} s CPU; target ≥ ${int(TARGET_RATE)}: ${t.ingRate >= TARGET_RATE ? 'met' : 'NOT met'}`,
      },
      {
        metric: 'per CPU-second of this process',
        value: `${int(EVENTS / t.ingCpu)} events`,
        note: `raw consume ${int(EVENTS / t.rawCpu)}; the machine is shared, so wall-clock rates above depend on the load`,
      },
      {
        metric: `event → bronze latency at ${int(RATE)} events/s`,
        value: `p50 ${int(t.p50)} ms, p99 ${int(t.p99)} ms`,
        note: `max ${int(t.max)} ms; paced publish reached ${int(t.pacedRate)}/s; target p99 < ${int(TARGET_P99_MS)} ms: ${t.p99 < TARGET_P99_MS ? 'met' : 'NOT met'}`,
      },
    ];
    if (k)
      rows.push({
        metric: `${KILLS} SIGKILLs during ${int(KILL_EVENTS)} events`,
        value: exact ? 'exactly once' : 'MISMATCH',
        note: `bronze ${int(k.rows)} rows, ${int(k.distinct)} distinct, published ${int(KILL_EVENTS)}; ${fixed(k.seconds, 0)} s with restarts`,
      });
    return {
      name,
      title: 'NATS JetStream → bronze, exactly once',
      method: [
        `${int(EVENTS)} widget-telemetry events (~300 B JSON, envelope in headers) are published to a real nats-server ${'(2.9, file store in a temp dir)'} before anything reads them. Baseline in the same run: a bare durable pull consumer that reads and acknowledges them all without a database. Then the ingester (\`src/stream\`) lands them in a fresh DuckDB warehouse: Appender into a staging table, one INSERT … SELECT into bronze, quarantine, manifest, audit and the consumer position in the same transaction, AckAll after COMMIT.`,
        `Latency: with the ingester caught up, ${int(RATE * LATENCY_S)} events are published paced at ${int(RATE)}/s by a separate process (\`bench/stream-child.ts\`); an event's latency is its broker timestamp → the COMMIT of its batch.`,
        `Crash run: ${int(KILL_EVENTS)} events on a fresh broker; \`ironworks stream\` (child process) is SIGKILLed ${KILLS} times at random points after it starts consuming and restarted, then run to the end. The machine is shared: see the load average.`,
      ],
      machine,
      date: new Date().toISOString(),
      rows,
      metrics: {
        events: EVENTS,
        publish_events_per_s: Math.round(t.pubRate),
        raw_consume_events_per_s: Math.round(t.rawRate),
        ingest_events_per_s: Math.round(t.ingRate),
        ingest_over_raw: Math.round((t.ingRate / t.rawRate) * 100) / 100,
        ingest_cpu_s: t.ingCpu,
        ingest_events_per_cpu_s: Math.round(EVENTS / t.ingCpu),
        raw_events_per_cpu_s: Math.round(EVENTS / t.rawCpu),
        raw_cpu_s: t.rawCpu,
        latency_p50_ms: Math.round(t.p50),
        latency_p99_ms: Math.round(t.p99),
        latency_max_ms: Math.round(t.max),
        crash_events: KILL_EVENTS,
        crash_kills: KILLS,
        crash_exactly_once: exact,
      },
    };
  } finally {
    dir.remove();
  }
}
