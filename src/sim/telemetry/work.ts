/**
 * A day of telemetry from input to file: build the clean table, dirty it with the run's chaos,
 * write `raw_data/<date>/telemetry.jsonl`, and hand back the counts and the ledger lines. The same
 * code runs on a worker thread (worker.ts) or, with no workers, on the main one.
 */
import { getHeapStatistics } from 'node:v8';
import type { Scenario } from '../../config/scenario-schema.ts';
import { checkFault } from '../../faults.ts';
import { ChaosRunner } from '../chaos/runner.ts';
import { type LedgerBlock, ledgerBlock } from '../output/ledger-block.ts';
import { tableFilePath, writeTable } from '../output/write.ts';
import type { TelemetryDay } from './day.ts';
import { TelemetryTables } from './table.ts';

/** What every day's work needs: the run, as simulate() was given it. */
export interface TelemetryRun {
  scenario: Scenario;
  seed: number;
  start: string;
  days: number;
  /** The data directory (raw_data/ is under it). */
  out: string;
}

export interface TelemetryDone {
  date: string;
  /** Readings before chaos (truth's count). */
  cleanRows: number;
  /** Records written (duplicates in, late rows where they landed). */
  rows: number;
  /** Ledger entries per chaos type. */
  chaos: Record<string, number>;
  ledger: LedgerBlock;
  /**
   * This thread's heap in use after the day, garbage included; after a full GC when the process
   * runs with --expose-gc (benchmarks judge whether memory stays flat by it).
   */
  heapUsedBytes: number;
}

/** Makes a day and then measures the heap, once the day's table is out of reach. */
export async function dayAndHeap(work: TelemetryWork, input: TelemetryDay): Promise<TelemetryDone> {
  const done = await work.day(input);
  (globalThis as { gc?: () => void }).gc?.();
  done.heapUsedBytes = getHeapStatistics().used_heap_size;
  return done;
}

export class TelemetryWork {
  private readonly tables: TelemetryTables;
  private readonly chaos: ChaosRunner;

  constructor(private readonly run: TelemetryRun) {
    this.tables = new TelemetryTables(run.scenario, run.seed);
    // A runner of its own: per-table random streams make its chaos what the main runner's would be.
    this.chaos = ChaosRunner.forRun(run.scenario, run);
  }

  async day(input: TelemetryDay): Promise<TelemetryDone> {
    checkFault('sim.telemetry', input.date);
    const clean = this.tables.table(input);
    const cleanRows = clean.rows.length;
    const tables = this.chaos.applyDay(input.dayIndex, input.date, [clean]);
    const table = tables[0];
    if (tables.length !== 1 || table !== clean) throw new Error('chaos made telemetry a second table');
    const entries = await writeTable(this.run.out, table);
    const chaos: Record<string, number> = {};
    for (const e of entries) chaos[e.type] = (chaos[e.type] ?? 0) + 1;
    const ledger = ledgerBlock(tableFilePath(table), entries);
    return { date: input.date, cleanRows, rows: table.rows.length, chaos, ledger, heapUsedBytes: 0 };
  }
}
