/**
 * The seed file drop (formats.md §1): four files per plant-local day. Names, column order and value
 * styles are kept exactly so data from the seed's own generator loads unchanged.
 *
 * Schemas describe a clean record as typed values. On disk every timestamp is naive ISO 8601
 * (`2025-12-01T06:25:40`) in plant-local time; CSVs are RFC 4180 with CRLF line ends and a 0-byte
 * file when there are no rows.
 */
import { z } from 'zod';

export const NAIVE_TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
export const naiveTimestamp = z
  .string()
  .regex(NAIVE_TS_RE, 'expected a naive ISO timestamp like 2025-12-01T06:25:40');

export const SEED_FILES = {
  production_batches: 'production_batches.csv',
  sensor_logs: 'sensor_logs.json',
  qc_checks: 'qc_checks.csv',
  operator_logs: 'operator_logs.csv',
} as const;
export type SeedSource = keyof typeof SEED_FILES;

export const productionBatch = z.object({
  batch_id: z.string(), // SMELTER-01_20251201_001
  machine_id: z.string(),
  product_name: z.string(),
  start_time: naiveTimestamp,
  end_time: naiveTimestamp,
  units_produced: z.number().int().nonnegative(),
  units_defective: z.number().int().nonnegative(),
});
export type ProductionBatch = z.infer<typeof productionBatch>;
export const PRODUCTION_BATCH_COLUMNS = [
  'batch_id',
  'machine_id',
  'product_name',
  'start_time',
  'end_time',
  'units_produced',
  'units_defective',
] as const;

/** sensor_logs.json: a pretty-printed JSON array; any measure may be null; no batch id. */
export const sensorReading = z.object({
  machine_id: z.string(),
  timestamp: naiveTimestamp,
  temperature: z.number().nullable(),
  pressure: z.number().nullable(),
  energy_kwh: z.number().nullable(), // energy since the machine's previous reading
  efficiency_percent: z.number().nullable(),
});
export type SensorReading = z.infer<typeof sensorReading>;
export const SENSOR_READING_KEYS = [
  'machine_id',
  'timestamp',
  'temperature',
  'pressure',
  'energy_kwh',
  'efficiency_percent',
] as const;

export const qcCheck = z.object({
  check_id: z.string(), // QC_20251201_0001 — not unique across generators: never a key alone
  batch_id: z.string(),
  check_timestamp: naiveTimestamp,
  inspector_id: z.string(),
  pass_fail: z.enum(['PASS', 'FAIL']),
  defect_notes: z.string(),
});
export type QcCheck = z.infer<typeof qcCheck>;
export const QC_CHECK_COLUMNS = [
  'check_id',
  'batch_id',
  'check_timestamp',
  'inspector_id',
  'pass_fail',
  'defect_notes',
] as const;

export const OPERATOR_ACTIONS = ['START_BATCH', 'MONITOR', 'ADJUST_PARAMS', 'END_BATCH'] as const;
export const operatorLog = z.object({
  log_id: z.string(), // LOG_20251201_0001 — not unique across generators
  machine_id: z.string(),
  operator_id: z.string(),
  log_timestamp: naiveTimestamp,
  action: z.enum(OPERATOR_ACTIONS),
  notes: z.string(),
});
export type OperatorLog = z.infer<typeof operatorLog>;
export const OPERATOR_LOG_COLUMNS = [
  'log_id',
  'machine_id',
  'operator_id',
  'log_timestamp',
  'action',
  'notes',
] as const;
