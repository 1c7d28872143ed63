/**
 * `simulate`: a scenario, a start day, a number of days and a seed in; a data directory out:
 * raw_data/ (the drop, with chaos), ground_truth/ (from the clean events), chaos/ (the ledger),
 * reference/. Runs one day at a time so memory stays flat however many days are asked for.
 * Same inputs ⇒ byte-identical files.
 *
 * Where a day's dirty tables go is a {@link DropTarget}: files under raw_data/ by default, or a live
 * broker (sim/live). Truth, ledger and reference are written to the data directory either way.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Scenario } from '../config/scenario-schema.ts';
import {
  CHAOS_DIR,
  RAW_DIR,
  REFERENCE_DIR,
  RUN_MANIFEST_FILE,
  TRUTH_DIR,
  truthFile,
} from '../contracts/layout.ts';
import type { LedgerEntry } from '../contracts/ledger.ts';
import { addDays } from '../contracts/plant-time.ts';
import type { DayTruth } from '../contracts/truth.ts';
import { ChaosRunner } from './chaos/runner.ts';
import { writeReference } from './output/reference.ts';
import type { SourceTable } from './output/table.ts';
import { writeLedger, writeTable } from './output/write.ts';
import { PlantSimulation } from './plant/plant.ts';
import { makeSink } from './sinks/index.ts';
import { defaultTelemetryThreads, openTelemetryLane, type TelemetryLane } from './telemetry/lane.ts';
import { TelemetryTables } from './telemetry/table.ts';
import { threadCpuSeconds } from './telemetry/thread-cpu.ts';
import type { TelemetryDone } from './telemetry/work.ts';
import { computeDayTruth } from './truth/day-truth.ts';

/** One plant-local day's drop: the tables as chaos left them, in the order they are written. */
export interface DayDrop {
  date: string;
  dayIndex: number;
  tables: SourceTable[];
}

/**
 * Where the drop goes. `deliver` returns the day's ledger entries finished with each dirty record's
 * file and position (as the file writer numbers them), whatever the medium.
 */
export interface DropTarget {
  /** Whether raw_data/<date>/ is this target's to replace (files: yes; a broker: no). */
  readonly writesFiles: boolean;
  /** After reference/ is written (day 0): `dir` holds the reference files. */
  reference?(dir: string): Promise<void>;
  deliver(day: DayDrop): Promise<LedgerEntry[]>;
}

/** The file drop: each table to raw_data/<date>/<file>. */
export const fileTarget = (out: string): DropTarget => ({
  writesFiles: true,
  async deliver(day) {
    const ledger: LedgerEntry[] = [];
    // A loop, not push(...entries): a big table's entries (10^5 a day for the large plant) would
    // all go on the stack as arguments, and V8 throws past ~125,000 of them.
    for (const table of day.tables) for (const e of await writeTable(out, table)) ledger.push(e);
    return ledger;
  },
});

export interface SimulateOptions {
  scenario: Scenario;
  start: string;
  days: number;
  seed: number;
  out: string;
  /** Default: files under `out`. */
  target?: DropTarget;
  /** Worker threads that make telemetry (0: none, all on this thread). Default: one per core, up to 4. */
  threads?: number;
  onDay?: (progress: {
    date: string;
    dayIndex: number;
    days: number;
    rows: number;
    /** The heap of the thread that made the day's telemetry, after it (see TelemetryDone). */
    telemetryHeapBytes?: number;
  }) => void;
}

export interface SimulateSummary {
  scenario: string;
  start: string;
  end: string;
  days: number;
  seed: number;
  out: string;
  /** Records written per source (dirty: duplicates and late rows counted where they landed). */
  rows: Record<string, number>;
  rowsTotal: number;
  /** Ledger entries per chaos type. */
  chaos: Record<string, number>;
  truth: { batches: number; unitsProduced: number; unitsDefective: number; energyKwh: number };
  seconds: number;
  /** Who did the work: telemetry worker threads and each one's CPU seconds, and this thread's (Linux; null elsewhere). */
  threads: { telemetry: number; telemetryCpuSeconds: (number | null)[]; mainCpuSeconds: number | null };
}

export async function simulate(opts: SimulateOptions): Promise<SimulateSummary> {
  const t0 = performance.now();
  const cpu0 = threadCpuSeconds();
  const { scenario, start, days, seed, out } = opts;
  const target = opts.target ?? fileTarget(out);
  const sim = new PlantSimulation(scenario, { start, days, seed });
  const sink = makeSink({ scenario, seed });
  const chaos = ChaosRunner.forRun(scenario, { seed, start, days });

  // A rerun replaces exactly the days it writes: stale files from an earlier run never mix in.
  const owned = target.writesFiles ? [RAW_DIR, TRUTH_DIR, CHAOS_DIR] : [TRUTH_DIR, CHAOS_DIR];
  for (let d = 0; d < days; d++) {
    const date = addDays(start, d);
    for (const dir of owned) rmSync(join(out, dir, date), { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });

  const rows: Record<string, number> = {};
  const chaosCounts: Record<string, number> = {};
  const truthTotals = { batches: 0, unitsProduced: 0, unitsDefective: 0, energyCents: 0 };
  let rowsTotal = 0;

  // Telemetry goes to worker threads when the drop is files (opened with the first telemetry day:
  // plants without clock-style telemetry start none); a live target publishes rows, so there it is
  // built here like any table.
  // (asserted, so the compiler does not narrow it to null: laneFor assigns it)
  let lane = null as TelemetryLane | null;
  const laneFor = () =>
    (lane ??= openTelemetryLane(
      { scenario, seed, start, days, out },
      opts.threads ?? defaultTelemetryThreads(),
    ));
  const inline = target.writesFiles ? null : new TelemetryTables(scenario, seed);

  /** A day whose files are out but whose telemetry may still be in the making. */
  interface Unfinished {
    date: string;
    dayIndex: number;
    truth: DayTruth;
    counts: [string, number][];
    ledger: LedgerEntry[];
    telemetry: Promise<TelemetryDone> | null;
  }
  const unfinished: Unfinished[] = [];
  let telemetryCpu: (number | null)[] = [];

  const finish = async (u: Unfinished) => {
    const telemetry = u.telemetry ? await u.telemetry : null;
    let dayRows = 0;
    const counts = telemetry ? [...u.counts, ['telemetry', telemetry.rows] as [string, number]] : u.counts;
    for (const [source, n] of counts) {
      rows[source] = (rows[source] ?? 0) + n;
      dayRows += n;
    }
    if (telemetry) u.truth.counts = { ...u.truth.counts, telemetry: telemetry.cleanRows };
    writeJson(truthFile(out, u.date), u.truth);
    const ledger = u.ledger;
    for (const e of chaos.takeExtraLedger(u.date)) ledger.push(e);
    for (const e of ledger) chaosCounts[e.type] = (chaosCounts[e.type] ?? 0) + 1;
    for (const [type, n] of Object.entries(telemetry?.chaos ?? {}))
      chaosCounts[type] = (chaosCounts[type] ?? 0) + n;
    await writeLedger(out, u.date, ledger, telemetry ? [telemetry.ledger] : []);
    rowsTotal += dayRows;
    opts.onDay?.({
      date: u.date,
      dayIndex: u.dayIndex,
      days,
      rows: dayRows,
      ...(telemetry ? { telemetryHeapBytes: telemetry.heapUsedBytes } : {}),
    });
  };

  try {
    for (const day of sim.days()) {
      if (day.dayIndex === 0) {
        writeReference(out, scenario, day.master);
        await target.reference?.(join(out, REFERENCE_DIR));
      }
      const telemetryDay = sink.telemetryDay?.(day) ?? null;
      const telemetry = telemetryDay && !inline ? laneFor().submit(telemetryDay) : null;
      const truth = computeDayTruth(day, scenario, sim.calendar);
      const tables = sink.tables(day);
      if (telemetryDay && inline) tables.push(inline.table(telemetryDay));
      truth.counts = Object.fromEntries(tables.map((t) => [t.source, t.rows.length]));
      truthTotals.batches += truth.total_batches;
      truthTotals.unitsProduced += truth.factory_totals.units_produced;
      truthTotals.unitsDefective += truth.factory_totals.units_defective;
      truthTotals.energyCents += Math.round(truth.factory_totals.energy_consumed_kwh * 100);

      for (const m of sim.machines) {
        const base = m.spec.base_efficiency;
        const current = day.efficiency[m.id] ?? base;
        if (m.degradationPerDay > 0) chaos.recordDegradation(day.date, m.id, base, current);
      }
      const dirty = chaos.applyDay(day.dayIndex, day.date, tables);
      const ledger = await target.deliver({ date: day.date, dayIndex: day.dayIndex, tables: dirty });
      unfinished.push({
        date: day.date,
        dayIndex: day.dayIndex,
        truth,
        counts: dirty.map((t) => [t.source, t.rows.length]),
        ledger,
        telemetry,
      });
      // Each worker has a day queued behind the one it makes, so none waits for the engine; the
      // engine runs no further ahead than that, so memory stays a few days' worth however long the run.
      while (unfinished.length > 2 * (lane?.workers ?? 0)) await finish(unfinished.shift() as Unfinished);
    }
    while (unfinished.length > 0) await finish(unfinished.shift() as Unfinished);
  } finally {
    telemetryCpu = (await lane?.close()) ?? [];
  }

  const summary: SimulateSummary = {
    scenario: scenario.name,
    start,
    end: addDays(start, days - 1),
    days,
    seed,
    out,
    rows,
    rowsTotal,
    chaos: chaosCounts,
    truth: {
      batches: truthTotals.batches,
      unitsProduced: truthTotals.unitsProduced,
      unitsDefective: truthTotals.unitsDefective,
      energyKwh: truthTotals.energyCents / 100,
    },
    seconds: (performance.now() - t0) / 1000,
    threads: {
      telemetry: lane?.workers ?? 0,
      telemetryCpuSeconds: telemetryCpu,
      mainCpuSeconds: cpuSince(cpu0),
    },
  };
  // The manifest says what made the files; it holds no clock time, so reruns stay byte-identical.
  writeJson(join(out, RUN_MANIFEST_FILE), {
    generator: 'ironworks',
    scenario: scenario.name,
    format: scenario.format,
    factory_id: scenario.factory.id,
    timezone: scenario.factory.timezone,
    start,
    days,
    seed,
    chaos: scenario.chaos,
  });
  return summary;
}

function cpuSince(start: number | null): number | null {
  const now = threadCpuSeconds();
  // /proc counts in hundredths of a second.
  return start === null || now === null ? null : Math.round((now - start) * 100) / 100;
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
