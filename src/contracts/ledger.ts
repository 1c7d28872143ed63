/**
 * The chaos ledger: every defect the simulator injected, one JSON line each, in
 * `chaos/<date>/ledger.jsonl` where <date> is the drop the dirty record landed in.
 */
import { z } from 'zod';

export const CHAOS_TYPES = [
  'product_name_spelling',
  'machine_id_spelling',
  'sensor_null',
  'timestamp_drift',
  'duplicate_record',
  'late_arrival',
  'timezone_mix',
  'degradation',
  'schema_drift',
  'unit_change',
  'malformed_row',
  'out_of_order',
  'outlier',
] as const;
export type ChaosType = (typeof CHAOS_TYPES)[number];

/**
 * Recoverable: a documented silver rule undoes it exactly, so verification expects exact numbers.
 * Unrecoverable: information is gone (a null, a truncated line, noise on a clock); silver flags it
 * and the report counts it.
 */
export const CHAOS_RECOVERABLE: Record<ChaosType, boolean> = {
  product_name_spelling: true,
  machine_id_spelling: true,
  sensor_null: false,
  timestamp_drift: false,
  duplicate_record: true,
  late_arrival: true,
  timezone_mix: true,
  degradation: true, // real behaviour, in the truth: the degradation mart must see it
  schema_drift: true,
  unit_change: true,
  malformed_row: false,
  out_of_order: true,
  outlier: false,
};

const jsonValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ledgerEntry = z.object({
  type: z.enum(CHAOS_TYPES),
  /** Source table the record belongs to: `production_batches`, `sensor_logs`, a widget topic, … */
  source: z.string(),
  /** File the dirty record was written to, relative to the data directory. */
  file: z.string(),
  /** Identifies the clean record: batch_id, `machine_id@timestamp`, component_id, … */
  record_key: z.string(),
  /** 1-based record number of the dirty record in its file (data lines for CSV, elements for JSON), when it has one. */
  ordinal: z.number().int().positive().nullable(),
  field: z.string().nullable(),
  clean_value: jsonValue,
  dirty_value: jsonValue,
  /** The plant-local day the clean record belongs to (differs from the drop's day for late records). */
  event_date: z.string(),
});
export type LedgerEntry = z.infer<typeof ledgerEntry>;
