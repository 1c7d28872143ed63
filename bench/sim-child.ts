/**
 * The simulator under measurement, in a process of its own so its peak RSS is the simulator's:
 * `node [--expose-gc] bin/run-ts.js bench/sim-child.ts SCENARIO DAYS OUT [--live-heap]`. Prints one
 * JSON line per finished day and a last one with the summary, the peak RSS and the CPU time, on
 * stdout. With --live-heap (and --expose-gc) it runs a full GC after every day and reports the heap
 * that is still in use: what the process really holds, where RSS also shows garbage V8 has not
 * collected yet. The GCs slow it down, so that pass is for memory, not speed.
 */
import { readFileSync } from 'node:fs';
import { loadScenario } from '../src/config/load.ts';
import { simulate } from '../src/sim/run.ts';

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
  /** Heap in use after a full GC (--live-heap only). */
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
  /** CPU time of the main (JavaScript) thread alone, Linux only: the part that cannot run in parallel. */
  mainThreadCpuSeconds: number | null;
}

/** utime + stime of the main thread from /proc (clock ticks of 10 ms); null where there is no /proc. */
function mainThreadCpuSeconds(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
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
const cpu0 = mainThreadCpuSeconds();
const summary = await simulate({
  scenario,
  start: scenario.run.start,
  days: Number(daysArg),
  seed: scenario.run.seed,
  out,
  onDay: (p) => {
    const mem = process.memoryUsage();
    let live: number | undefined;
    if (liveHeap) {
      gc?.();
      live = process.memoryUsage().heapUsed;
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
  mainThreadCpuSeconds: cpu0 === null ? null : (mainThreadCpuSeconds() as number) - cpu0,
});
