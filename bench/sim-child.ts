/**
 * The simulator under measurement, in a process of its own so its peak RSS is the simulator's:
 * `node [--expose-gc] bin/run-ts.js bench/sim-child.ts SCENARIO DAYS OUT [--live-heap]`. Prints one
 * JSON line per finished day and a last one with the summary, the peak RSS and the CPU time, on
 * stdout. With --live-heap (and --expose-gc) it runs a full GC after every day and reports the heap
 * that is still in use: what the process really holds, where RSS also shows garbage V8 has not
 * collected yet. The GCs slow it down, so that pass is for memory, not speed.
 */
import { loadScenario } from '../src/config/load.ts';
import { type SimulateSummary, simulate } from '../src/sim/run.ts';
import { defaultTelemetryThreads } from '../src/sim/telemetry/lane.ts';

export interface DayLine {
  kind: 'day';
  dayIndex: number;
  date: string;
  rows: number;
  /** Seconds since simulate() was called. */
  seconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Peak RSS of the process so far. */
  maxRssBytes: number;
  /**
   * Heap in use after a full GC (--live-heap only): this thread's plus each telemetry worker's
   * after its latest day (workers run the GC themselves when the process has --expose-gc).
   */
  liveHeapBytes?: number;
}

export interface DoneLine {
  kind: 'done';
  rowsTotal: number;
  rows: Record<string, number>;
  /** simulate()'s own wall time: scenario loading and process start are not in it. */
  seconds: number;
  maxRssBytes: number;
  cpuUserSeconds: number;
  cpuSystemSeconds: number;
  /** Telemetry worker threads, each one's CPU seconds, and the main thread's (Linux only). */
  threads: SimulateSummary['threads'];
}

const [scenarioName, daysArg, out, mode] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!scenarioName || !daysArg || !out || (mode === '--live-heap' && !gc)) {
  console.error('usage: node [--expose-gc] bin/run-ts.js bench/sim-child.ts SCENARIO DAYS OUT [--live-heap]');
  process.exit(2);
}
const liveHeap = mode === '--live-heap';
const scenario = loadScenario(scenarioName);
const emit = (line: DayLine | DoneLine) => process.stdout.write(`${JSON.stringify(line)}\n`);
const t0 = performance.now();
const threads = defaultTelemetryThreads();
/** Each worker's heap after its latest day (day i is worker i mod threads'). */
const workerHeaps = new Map<number, number>();
const summary = await simulate({
  scenario,
  start: scenario.run.start,
  days: Number(daysArg),
  seed: scenario.run.seed,
  out,
  threads,
  onDay: (p) => {
    const mem = process.memoryUsage();
    if (p.telemetryHeapBytes !== undefined)
      workerHeaps.set(p.dayIndex % Math.max(1, threads), p.telemetryHeapBytes);
    let live: number | undefined;
    if (liveHeap) {
      gc?.();
      live = process.memoryUsage().heapUsed;
      if (threads > 0) for (const h of workerHeaps.values()) live += h;
    }
    emit({
      kind: 'day',
      dayIndex: p.dayIndex,
      date: p.date,
      rows: p.rows,
      seconds: (performance.now() - t0) / 1000,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      ...(live === undefined ? {} : { liveHeapBytes: live }),
    });
  },
});
const usage = process.resourceUsage();
emit({
  kind: 'done',
  rowsTotal: summary.rowsTotal,
  rows: summary.rows,
  seconds: summary.seconds,
  maxRssBytes: usage.maxRSS * 1024,
  cpuUserSeconds: usage.userCPUTime / 1e6,
  cpuSystemSeconds: usage.systemCPUTime / 1e6,
  threads: summary.threads,
});
