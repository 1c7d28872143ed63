/**
 * The shape every chaos type shares. A type is a module object that, given its config, builds a
 * per-run step; the runner calls the step once per day on each table the type targets, with a
 * day context that owns this type's random stream and the ledger bookkeeping.
 */
import type { ChaosConfig, ChaosName } from '../../config/chaos-schema.ts';
import type { Row, SourceTable } from '../output/table.ts';
import type { Rng } from '../random/rng.ts';

export type PlantFormat = 'seed' | 'widgets';

/** What a chaos step may know about the run (never the engine). */
export interface ChaosRun {
  readonly seed: number;
  /** Plant IANA time zone: naive timestamps are wall time there. */
  readonly zone: string;
  /** First day of the run, `YYYY-MM-DD`. */
  readonly start: string;
  readonly days: number;
  readonly format: PlantFormat;
  /** Canonical machine ids, in plant order. */
  readonly machines: readonly string[];
  /** Canonical product names. */
  readonly products: readonly string[];
}

/** Who a record is, captured before chaos first touched it. */
export interface RowOrigin {
  /** `keyOf(clean row)`. */
  key: string;
  /** The day the clean record belongs to. */
  date: string;
}

export type LedgerValue = string | number | boolean | null;

/** One chaos type on one day: its random stream and its ledger pen. */
export interface ChaosDay {
  readonly run: ChaosRun;
  readonly dayIndex: number;
  readonly date: string;
  /** `Rng.stream(seed, 'chaos:<type>:<source>:<date>')`: one stream per type, table and day. */
  readonly rng: Rng;
  /** Clean key and day of a row; the first call captures them, so call it before changing the row. */
  origin(table: SourceTable, row: Row): RowOrigin;
  /** Gives a new row (a copy) the identity of the record it copies. */
  adopt(row: Row, origin: RowOrigin): void;
  /**
   * Adds this type's ledger entry to the row's meta. Call it before changing the row: it captures
   * the clean key on first use.
   */
  record(table: SourceTable, row: Row, field: string | null, clean: LedgerValue, dirty: LedgerValue): void;
  /** Adds this type's entry about the whole table (record key: the file name), written with no ordinal. */
  recordTable(table: SourceTable, field: string | null, clean: LedgerValue, dirty: LedgerValue): void;
  /** Whether any earlier chaos already changed this field of this row (stacking would blur the ledger). */
  touched(table: SourceTable, row: Row, field: string): boolean;
}

/** A chaos type configured for one run. */
export interface ChaosStep {
  apply(day: ChaosDay, table: SourceTable): void;
}

export type TypeConfig<K extends ChaosName> = NonNullable<ChaosConfig[K]>;

export interface ChaosModule<K extends ChaosName = ChaosName> {
  readonly type: K;
  /** Tables targeted when the config names no `sources`. */
  isDefaultSource(format: PlantFormat, table: SourceTable): boolean;
  /** Whether the table has what this type needs (a product field, measures, a JSON format, …). */
  accepts(table: SourceTable): boolean;
  /** Per-run state; null when the type is off or not a data defect (degradation). */
  create(config: TypeConfig<K>, run: ChaosRun): ChaosStep | null;
}
