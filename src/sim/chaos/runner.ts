/**
 * The chaos runner: one per simulation run. Each day it takes the clean tables the sinks built and
 * applies every enabled chaos type in a fixed order, each from its own random stream, recording
 * every injection in the dirty row's meta for the writer to finalize into the ledger.
 */
import type { ChaosConfig, ChaosName } from '../../config/chaos-schema.ts';
import type { Scenario } from '../../config/scenario-schema.ts';
import type { LedgerEntry } from '../../contracts/ledger.ts';
import { plantLedger } from '../output/ledger.ts';
import type { PendingLedgerEntry, Row, RowMeta, SourceTable } from '../output/table.ts';
import { Rng } from '../random/rng.ts';
import { degradationEntry } from './degradation.ts';
import { duplicateRecord } from './duplicate-record.ts';
import { type LateArrivalStep, type LateParcel, lateArrival } from './late-arrival.ts';
import { machineIdSpelling } from './machine-id-spelling.ts';
import { malformedRow } from './malformed-row.ts';
import { outOfOrder } from './out-of-order.ts';
import { outlier } from './outlier.ts';
import { productNameSpelling } from './product-name-spelling.ts';
import { schemaDrift } from './schema-drift.ts';
import { sensorNull } from './sensor-null.ts';
import { timestampDrift } from './timestamp-drift.ts';
import { timezoneMix } from './timezone-mix.ts';
import type { ChaosDay, ChaosModule, ChaosRun, ChaosStep, PlantFormat, RowOrigin } from './types.ts';
import { unitChange } from './unit-change.ts';

export interface ChaosRunnerOptions {
  /** The scenario's `chaos:` section (parsed); a missing entry or `rate: 0` turns a type off. */
  config: ChaosConfig;
  seed: number;
  /** Plant IANA time zone. */
  zone: string;
  /** First day of the run, `YYYY-MM-DD`. */
  start: string;
  days: number;
  format: PlantFormat;
  /** Canonical machine ids. */
  machineIds: readonly string[];
  /** Canonical product names. */
  productNames: readonly string[];
}

/** Value damage to fresh rows, in this order, before late rows from earlier days join the tables. */
const ROW_MODULES = [
  unitChange,
  outlier,
  sensorNull,
  timestampDrift,
  timezoneMix,
  productNameSpelling,
  machineIdSpelling,
] as const;

/**
 * Then late rows from earlier days join their tables, and table-level damage follows: schema_drift
 * first (so late rows take the file's current shape), late_arrival, then the rest.
 */
const BEFORE_LATE = [schemaDrift] as const;
const AFTER_LATE = [duplicateRecord, outOfOrder, malformedRow] as const;

/** Any module, whatever its config type (the runner hands each its own entry of the config). */
interface AnyModule<S extends ChaosStep> extends Omit<ChaosModule, 'create'> {
  create(config: never, run: ChaosRun): S | null;
}

interface Armed<S extends ChaosStep = ChaosStep> {
  type: ChaosName;
  step: S;
  targets: (table: SourceTable) => boolean;
}

/**
 * Applies a scenario's chaos to each day's tables.
 *
 * @example
 * const chaos = new ChaosRunner({ config: scenario.chaos, seed, zone, start, days, format, machineIds, productNames });
 * for (let d = 0; d < days; d++) {
 *   const tables = chaos.applyDay(d, addDays(start, d), sinks.tablesOf(d));
 *   // engine: chaos.recordDegradation(date, 'SMELTER-02', 1.0, 0.96)
 *   const ledger = (await Promise.all(tables.map((t) => writeTable(out, t)))).flat();
 *   await writeLedger(out, date, [...ledger, ...chaos.takeExtraLedger(date)]);
 * }
 */
export class ChaosRunner {
  private readonly run: ChaosRun;
  private readonly rowSteps: Armed[];
  private readonly beforeLate: Armed[];
  private readonly late: Armed<LateArrivalStep> | null;
  private readonly afterLate: Armed[];
  /** Clean key and day of every row chaos touched, captured before its first change. */
  private readonly origins = new WeakMap<Row, RowOrigin>();
  private readonly extra = new Map<string, Map<string, PendingLedgerEntry>>();

  /** The runner of a scenario's run (what simulate() and the telemetry workers use). */
  static forRun(scenario: Scenario, run: { seed: number; start: string; days: number }): ChaosRunner {
    return new ChaosRunner({
      config: scenario.chaos,
      seed: run.seed,
      zone: scenario.factory.timezone,
      start: run.start,
      days: run.days,
      format: scenario.format,
      machineIds: scenario.machines.map((m) => m.id),
      productNames: scenario.items.map((i) => i.name),
    });
  }

  constructor(options: ChaosRunnerOptions) {
    const { config: chaos, seed, zone, start, days, format, machineIds, productNames } = options;
    this.run = { seed, zone, start, days, format, machines: [...machineIds], products: [...productNames] };
    const armAll = (list: readonly AnyModule<ChaosStep>[]) =>
      list.map((m) => this.arm(m, chaos)).filter((a) => a !== null);
    this.rowSteps = armAll(ROW_MODULES);
    this.beforeLate = armAll(BEFORE_LATE);
    this.afterLate = armAll(AFTER_LATE);
    this.late = this.arm(lateArrival, chaos);
  }

  private arm<S extends ChaosStep>(module: AnyModule<S>, chaos: ChaosConfig): Armed<S> | null {
    const config = chaos[module.type];
    if (!config || !(config.rate > 0)) return null;
    const step = module.create(config as never, this.run);
    if (!step) return null;
    const named = 'sources' in config && config.sources ? new Set(config.sources) : null;
    const format = this.run.format;
    return {
      type: module.type,
      step,
      targets: (t) => module.accepts(t) && (named ? named.has(t.source) : module.isDefaultSource(format, t)),
    };
  }

  /**
   * Applies the day's chaos to `tables` (edited in place) and appends rows delayed from earlier days
   * to the end of their table, creating the table when this day has none. Late rows then share the
   * day's table-level chaos (schema drift, duplicates, order, malformed) like any row of that file.
   * Call once per day, in day order.
   */
  applyDay(dayIndex: number, date: string, tables: SourceTable[]): SourceTable[] {
    for (const armed of this.rowSteps) this.runStep(armed, dayIndex, date, tables);
    for (const parcel of this.late?.step.takeDue(dayIndex) ?? []) deliver(parcel, date, tables);
    for (const armed of this.beforeLate) this.runStep(armed, dayIndex, date, tables);
    if (this.late) this.runStep(this.late, dayIndex, date, tables);
    for (const armed of this.afterLate) this.runStep(armed, dayIndex, date, tables);
    return tables;
  }

  private runStep(armed: Armed, dayIndex: number, date: string, tables: SourceTable[]): void {
    // Each table draws from a stream of its own, so a table's chaos does not depend on which other
    // tables share the runner: telemetry is dirtied on a worker thread (sim/telemetry) and must come
    // out as it would on the main one.
    for (const table of tables)
      if (armed.targets(table))
        armed.step.apply(this.dayContext(armed.type, dayIndex, date, table.source), table);
  }

  /** Whether chaos carries this table's rows from one day's drop to a later one (late_arrival). */
  crossesDays(table: SourceTable): boolean {
    return this.late?.targets(table) ?? false;
  }

  private dayContext(type: ChaosName, dayIndex: number, date: string, source: string): ChaosDay {
    // A record's origin lives in its meta (one map lookup per record); rows without a meta that
    // still need one (a copy being adopted, a duplicate's source) keep it in `origins`.
    const origins = this.origins;
    const originOf = (table: SourceTable, row: Row, meta: RowMeta | undefined): RowOrigin => {
      let o = meta?.origin ?? origins.get(row);
      if (o === undefined) {
        o = { key: table.keyOf(row), date: table.date };
        if (meta === undefined) origins.set(row, o);
      }
      if (meta !== undefined) meta.origin = o;
      return o;
    };
    return {
      run: this.run,
      dayIndex,
      date,
      rng: Rng.stream(this.run.seed, `chaos:${type}:${source}:${date}`),
      origin: (table, row) => originOf(table, row, table.meta.get(row)),
      adopt: (row, o) => origins.set(row, o),
      record(table, row, field, clean, dirty) {
        let meta = table.meta.get(row);
        if (meta === undefined) {
          meta = { ledger: [] };
          table.meta.set(row, meta);
        }
        const o = meta.origin ?? originOf(table, row, meta);
        meta.ledger.push({
          type,
          source: table.source,
          record_key: o.key,
          field,
          clean_value: clean,
          dirty_value: dirty,
          event_date: o.date,
        });
      },
      recordTable(table, field, clean, dirty) {
        table.ledger ??= [];
        table.ledger.push({
          type,
          source: table.source,
          record_key: table.file,
          field,
          clean_value: clean,
          dirty_value: dirty,
          event_date: date,
        });
      },
      touched: (table, row, field) => {
        const ledger = table.meta.get(row)?.ledger;
        if (ledger === undefined) return false;
        for (let i = 0; i < ledger.length; i++)
          if ((ledger[i] as PendingLedgerEntry).field === field) return true;
        return false;
      },
    };
  }

  /**
   * Notes that a machine ran at `current` efficiency instead of `base` on `date` (the engine applies
   * degradation; this only writes its ledger entry). One entry per machine and day; equal values are ignored.
   */
  recordDegradation(date: string, machineId: string, base: number, current: number): void {
    if (current === base) return;
    let byMachine = this.extra.get(date);
    if (!byMachine) {
      byMachine = new Map();
      this.extra.set(date, byMachine);
    }
    if (!byMachine.has(machineId)) byMachine.set(machineId, degradationEntry(date, machineId, base, current));
  }

  /**
   * Entries that belong to no table (degradation) for `date`, finished with file 'plant' and
   * ordinal null, and removed from the runner.
   */
  takeExtraLedger(date: string): LedgerEntry[] {
    const byMachine = this.extra.get(date);
    this.extra.delete(date);
    return byMachine ? plantLedger([...byMachine.values()]) : [];
  }
}

/** Appends late rows to their table in this day's drop, creating it (same shape) when missing. */
function deliver(parcel: LateParcel, date: string, tables: SourceTable[]): void {
  const { shape } = parcel;
  let table = tables.find((t) => t.source === shape.source && t.file === shape.file);
  if (!table) {
    table = { ...shape, rows: [], date, meta: new Map() };
    tables.push(table);
  }
  for (let i = 0; i < parcel.rows.length; i++) {
    const row = parcel.rows[i] as Row;
    table.rows.push(row);
    table.meta.set(row, parcel.metas[i] as RowMeta);
  }
}
