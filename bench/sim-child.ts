/**
 * The simulator under measurement, in a process of its own so its peak RSS is the simulator's:
 * `node bin/run-ts.js bench/sim-child.ts SCENARIO DAYS OUT`. Prints one JSON line per finished day
 * and a last one with the summary, the peak RSS and the CPU time, on stdout.
 */
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
}

const [scenarioName, daysArg, out] = process.argv.slice(2);
if (!scenarioName || !daysArg || !out) {
  console.error('usage: sim-child.ts SCENARIO DAYS OUT');
  process.exit(2);
}
const scenario = loadScenario(scenarioName);
const emit = (line: DayLine | DoneLine) => process.stdout.write(`${JSON.stringify(line)}\n`);
const t0 = performance.now();
const summary = await simulate({
  scenario,
  start: scenario.run.start,
  days: Number(daysArg),
  seed: scenario.run.seed,
  out,
  onDay: (p) => {
    const mem = process.memoryUsage();
    emit({
      kind: 'day',
      dayIndex: p.dayIndex,
      date: p.date,
      rows: p.rows,
      seconds: (performance.now() - t0) / 1000,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
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
});
