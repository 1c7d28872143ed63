/**
 * Simulator throughput and memory: the large plant (100 machines, telemetry every 10 s) for 30
 * days, run by `simulate()` in a child process (bench/sim-child.ts) so the peak RSS is the
 * simulator's own. Baseline, measured in the same run: plain `fs` writing of the same volume of
 * already-formatted JSON lines (real telemetry lines from the run, in the writer's 4 MiB chunks) to
 * the same disk — the floor that any simulator writing these bytes pays.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/config/load.ts';
import { EXTRA_FILES } from '../src/contracts/extras.ts';
import { RAW_DIR } from '../src/contracts/layout.ts';
import { type BenchResult, type BenchRow, fixed, int, machineInfo, mib } from './bench.ts';
import type { DayLine, DoneLine } from './sim-child.ts';

export const name = 'sim';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** 30 days; BENCH_SIM_DAYS shortens a trial run (the section then says how many days it measured). */
const DAYS = Number(process.env.BENCH_SIM_DAYS ?? 30);
/** The early day whose memory the last day's is compared with. */
const EARLY_DAY = Math.min(10, DAYS);
const TARGET_ROWS_PER_S = 1_000_000;
/** The live heap after the last day may exceed the one after the early day by this much and count as flat. */
const FLAT_TOLERANCE = 0.1;
/** BENCH_SIM_LIVE=0 skips the second, slower pass that measures the live heap. */
const LIVE_PASS = process.env.BENCH_SIM_LIVE !== '0';
const CHUNK_BYTES = 4 << 20;

interface ChildRun {
  days: DayLine[];
  done: DoneLine;
  /** The child's wall time, process start to exit. */
  processSeconds: number;
}

/**
 * Runs bench/sim-child.ts and collects its lines; progress goes to stderr. `liveHeap` runs a full
 * GC after every day to report the heap still in use (slower: not for timing).
 */
function runChild(scenario: string, days: number, out: string, liveHeap = false): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const args = ['bin/run-ts.js', 'bench/sim-child.ts', scenario, String(days), out];
    const child = spawn(process.execPath, liveHeap ? ['--expose-gc', ...args, '--live-heap'] : args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const dayLines: DayLine[] = [];
    let done: DoneLine | null = null;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = JSON.parse(buffered.slice(0, nl)) as DayLine | DoneLine;
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
        if (line.kind === 'done') done = line;
        else {
          dayLines.push(line);
          const live = line.liveHeapBytes === undefined ? '' : `, live heap ${mib(line.liveHeapBytes)}`;
          console.error(
            `  ${scenario} day ${line.dayIndex + 1}/${days}: ${int(line.rows)} rows, ${fixed(line.seconds, 1)} s, RSS ${mib(line.rssBytes)}${live}`,
          );
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || done === null) reject(new Error(`sim-child ${scenario} exited with ${code}`));
      else resolvePromise({ days: dayLines, done, processSeconds: (performance.now() - t0) / 1000 });
    });
  });
}

const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${fixed(100 * x, 1)}%`;

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** Up to 4 MiB of whole lines from the start of a file. */
function headLines(file: string): Buffer {
  const buf = Buffer.alloc(CHUNK_BYTES);
  const fd = openSync(file, 'r');
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return buf.subarray(0, buf.lastIndexOf(0x0a, n - 1) + 1);
}

/** Who did the work: the telemetry workers' CPU and the main thread's, from the run's summary. */
function threadsRow(done: DoneLine): BenchRow {
  const t = done.threads;
  const cpu = (v: number | null) => (v === null ? 'n/a' : `${fixed(v, 1)} s`);
  if (t.telemetry === 0)
    return {
      metric: 'threads',
      value: 'main only',
      note: `no telemetry workers; main thread CPU ${cpu(t.mainCpuSeconds)}`,
    };
  return {
    metric: 'threads',
    value: `${t.telemetry} + main`,
    note: `telemetry workers' CPU ${t.telemetryCpuSeconds.map(cpu).join(', ')} (days alternate between them); main thread (engine, other tables, truth, ledger) ${cpu(t.mainCpuSeconds)}; the rest of the CPU time is V8's GC helpers and file I/O`,
  };
}

/** Seconds to write `bytes` bytes of `sample` repeated to a new file with plain fs writes. */
async function fsWriteSeconds(file: string, sample: Buffer, bytes: number): Promise<number> {
  const t0 = performance.now();
  const handle = await open(file, 'w');
  try {
    for (let left = bytes; left > 0; left -= sample.length) {
      const n = Math.min(left, sample.length);
      let at = 0;
      while (at < n) at += (await handle.write(sample, at, n - at)).bytesWritten;
    }
  } finally {
    await handle.close();
  }
  return (performance.now() - t0) / 1000;
}

export async function run(): Promise<BenchResult> {
  const machine = machineInfo();
  const tmp = mkdtempSync(join(os.tmpdir(), 'ironworks-bench-sim-'));
  try {
    // 1. The large plant, 30 days.
    const largeOut = join(tmp, 'large');
    const large = await runChild('large', DAYS, largeOut);
    const bytes = dirBytes(largeOut);
    const start = loadScenario('large').run.start;
    const sample = headLines(join(largeOut, RAW_DIR, start, EXTRA_FILES.telemetry));
    rmSync(largeOut, { recursive: true, force: true });

    // 2. Baseline: the same volume of ready-made JSON lines, written with fs to the same disk.
    const baselineFile = join(tmp, 'baseline.jsonl');
    const fsSeconds = await fsWriteSeconds(baselineFile, sample, bytes);
    rmSync(baselineFile, { force: true });

    // 3. The small seed-style plant for context.
    const factorioOut = join(tmp, 'factorio');
    const factorio = await runChild('factorio', DAYS, factorioOut);
    rmSync(factorioOut, { recursive: true, force: true });

    // 4. Memory that is really held: the large plant again, with a full GC after every day.
    let live: ChildRun | null = null;
    if (LIVE_PASS) {
      const liveOut = join(tmp, 'live');
      live = await runChild('large', DAYS, liveOut, true);
      rmSync(liveOut, { recursive: true, force: true });
    }

    const { done } = large;
    const rowsPerS = done.rowsTotal / done.seconds;
    const simMBps = bytes / 2 ** 20 / done.seconds;
    const fsMBps = bytes / 2 ** 20 / fsSeconds;
    const day = (n: number) => large.days[n - 1] as DayLine;
    const d10 = day(EARLY_DAY);
    const dLast = day(DAYS);
    const peakGrowth = dLast.maxRssBytes / d10.maxRssBytes - 1;
    const liveAt = (n: number) => live?.days[n - 1]?.liveHeapBytes ?? Number.NaN;
    const liveGrowth = liveAt(DAYS) / liveAt(EARLY_DAY) - 1;
    const flat = live ? liveGrowth <= FLAT_TOLERANCE : null;
    const rssRange = (from: number, to: number) => {
      const rss = large.days.slice(from - 1, to).map((d) => d.rssBytes);
      return `${fixed(Math.min(...rss) / 2 ** 20, 0)}–${mib(Math.max(...rss))}`;
    };
    const cpuSeconds = done.cpuUserSeconds + done.cpuSystemSeconds;
    const telemetryRows = done.rows.telemetry ?? 0;
    const loadEnd = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

    const rows: BenchRow[] = [
      {
        metric: 'rows written',
        value: int(done.rowsTotal),
        note: `${int(telemetryRows)} telemetry, ${int(done.rowsTotal - telemetryRows)} other`,
      },
      {
        metric: 'wall time',
        value: `${fixed(done.seconds, 1)} s`,
        note: `simulate(); process ${fixed(large.processSeconds, 1)} s`,
      },
      {
        metric: 'rows/s',
        value: int(rowsPerS),
        note: `target ≥ ${int(TARGET_ROWS_PER_S)}: ${rowsPerS >= TARGET_ROWS_PER_S ? 'met' : 'NOT met'}`,
      },
      { metric: 'written', value: mib(bytes), note: `${fixed(simMBps, 0)} MiB/s` },
      {
        metric: 'baseline: fs write, same volume',
        value: `${fixed(fsSeconds, 1)} s`,
        note: `${fixed(fsMBps, 0)} MiB/s of ready-made lines`,
      },
      {
        metric: 'simulator ÷ baseline',
        value: `${fixed(simMBps / fsMBps, 2)}×`,
        note: `writing alone would take ${fixed((100 * fsSeconds) / done.seconds, 0)}% of the simulator's time`,
      },
      {
        metric: 'CPU time',
        value: `${fixed(cpuSeconds, 1)} s`,
        note: `user ${fixed(done.cpuUserSeconds, 1)} + sys ${fixed(done.cpuSystemSeconds, 1)} (GC and I/O threads included); ${int(done.rowsTotal / cpuSeconds)} rows per CPU-second`,
      },
      threadsRow(done),
      { metric: 'peak RSS', value: mib(done.maxRssBytes), note: 'maxRSS of the simulating process' },
      {
        metric: `peak RSS through day ${EARLY_DAY} → ${DAYS}`,
        value: `${mib(d10.maxRssBytes)} → ${mib(dLast.maxRssBytes)}`,
        note: `${signedPct(peakGrowth)}; V8 lets days of garbage pile up to a limit it adapts as it goes`,
      },
      {
        metric: `RSS after day ${EARLY_DAY} → ${DAYS}`,
        value: `${mib(d10.rssBytes)} → ${mib(dLast.rssBytes)}`,
        note: `heap used ${mib(d10.heapUsedBytes)} → ${mib(dLast.heapUsedBytes)}, garbage included; RSS over days 1–${EARLY_DAY}: ${rssRange(1, EARLY_DAY)}${DAYS > EARLY_DAY ? `, over days ${EARLY_DAY + 1}–${DAYS}: ${rssRange(EARLY_DAY + 1, DAYS)}` : ''}`,
      },
      live
        ? {
            metric: `live heap after day ${EARLY_DAY} → ${DAYS}`,
            value: `${mib(liveAt(EARLY_DAY))} → ${mib(liveAt(DAYS))}`,
            note: `${signedPct(liveGrowth)}: ${flat ? 'flat' : 'NOT flat'} (tolerance ${100 * FLAT_TOLERANCE}%); heap in use after a full GC, second pass; peak RSS with a GC every day ${mib(live.done.maxRssBytes)}`,
          }
        : { metric: 'live heap', value: 'not measured', note: 'BENCH_SIM_LIVE=0' },
      {
        metric: `factorio, ${DAYS} days`,
        value: `${fixed(factorio.done.seconds, 2)} s`,
        note: `${int(factorio.done.rowsTotal)} rows, ${int(factorio.done.rowsTotal / factorio.done.seconds)} rows/s, peak RSS ${mib(factorio.done.maxRssBytes)}`,
      },
      {
        metric: '1-minute load average',
        value: `${machine.load} → ${loadEnd}`,
        note: 'at start → end: others’ work on a shared machine slows wall times',
      },
    ];
    return {
      name,
      title: `simulator throughput and memory, large plant, ${DAYS} days`,
      method: [
        `\`simulate()\` runs \`scenarios/large.yaml\` (100 machines, telemetry every 10 s, chaos on) for ${DAYS} days with its own seed in a child process (\`bench/sim-child.ts\`), writing to a temporary directory that is deleted afterwards, with its default threads: telemetry, ~99% of the rows, is made on worker threads (one per core, up to 4; days alternate between them) while the main thread runs the engine and the other tables. Rows/s and MiB/s are over \`simulate()\`'s wall time; peak RSS is the child's \`maxRSS\` (all threads), also sampled after every day with the RSS.`,
        `Memory: RSS is sampled after every day, but a garbage-collected process's RSS also holds garbage the collector has not reclaimed yet, so whether memory stays flat is judged on a second pass of the same run with a full GC after every day (\`--expose-gc\`; each worker collects after each of its days), which reports the heap still in use, the main thread's plus each worker's; that pass is not timed.`,
        `Baseline, measured in the same run: writing the same number of bytes of ready-made JSON lines (the first 4 MiB of the run's own telemetry file, repeated) with plain \`fs\` writes in 4 MiB chunks to the same disk. It is the cost of the bytes alone, so "simulator ÷ baseline" says how close the whole simulation (engine, sensors, chaos, encoding) gets to only writing its output.`,
      ],
      machine,
      date: new Date().toISOString(),
      rows,
      metrics: {
        days: DAYS,
        rowsTotal: done.rowsTotal,
        telemetryRows,
        seconds: done.seconds,
        processSeconds: large.processSeconds,
        rowsPerSecond: rowsPerS,
        bytesWritten: bytes,
        mibPerSecond: simMBps,
        baselineFsSeconds: fsSeconds,
        baselineFsMibPerSecond: fsMBps,
        ratioToBaseline: simMBps / fsMBps,
        cpuUserSeconds: done.cpuUserSeconds,
        cpuSystemSeconds: done.cpuSystemSeconds,
        telemetryThreads: done.threads.telemetry,
        telemetryThreadCpuSeconds: done.threads.telemetryCpuSeconds.join(' '),
        mainThreadCpuSeconds: done.threads.mainCpuSeconds,
        peakRssBytes: done.maxRssBytes,
        peakRssDay10Bytes: d10.maxRssBytes,
        peakRssLastDayBytes: dLast.maxRssBytes,
        rssDay10Bytes: d10.rssBytes,
        rssLastDayBytes: dLast.rssBytes,
        heapUsedDay10Bytes: d10.heapUsedBytes,
        heapUsedLastDayBytes: dLast.heapUsedBytes,
        liveHeapDay10Bytes: live ? liveAt(EARLY_DAY) : null,
        liveHeapLastDayBytes: live ? liveAt(DAYS) : null,
        peakRssWithDailyGcBytes: live ? live.done.maxRssBytes : null,
        memoryFlat: flat,
        targetRowsPerSecondMet: rowsPerS >= TARGET_ROWS_PER_S,
        rowsPerCpuSecond: done.rowsTotal / cpuSeconds,
        factorioSeconds: factorio.done.seconds,
        factorioRows: factorio.done.rowsTotal,
        factorioPeakRssBytes: factorio.done.maxRssBytes,
        loadAtStart: machine.load,
        loadAtEnd: loadEnd,
      },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
