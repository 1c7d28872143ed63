/**
 * ironworks' own files, written beside the seed drop for what that format lacks. Unlike the seed
 * files, their timestamps carry an explicit UTC offset (`2025-12-01T06:00:00-07:00`), so they are
 * unambiguous on DST days. JSON lines, one object a line.
 */
import { z } from 'zod';

export const OFFSET_TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}|Z)$/;
export const offsetTimestamp = z.string().regex(OFFSET_TS_RE, 'expected an ISO timestamp with offset');

export const EXTRA_FILES = {
  machine_states: 'machine_states.jsonl',
  machine_master: 'machine_master.csv',
  inventory_moves: 'inventory_moves.jsonl',
  telemetry: 'telemetry.jsonl',
} as const;

/** Machine states (kpis.md maps them onto ISO 22400 time elements). */
export const MACHINE_STATES = [
  'producing',
  'setup',
  'minor_stop',
  'failed',
  'planned_maintenance',
  'starved',
  'blocked',
  'idle',
  'off_shift',
] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

/** One interval per line, split at plant-local midnight so each day's file covers exactly that day. */
export const machineStateInterval = z.object({
  machine_id: z.string(),
  state: z.enum(MACHINE_STATES),
  start_time: offsetTimestamp,
  end_time: offsetTimestamp,
  reason: z.string().nullable(), // failure mode, maintenance kind, the item a machine starved of…
});
export type MachineStateInterval = z.infer<typeof machineStateInterval>;

/**
 * Daily snapshot of machine master data (the reference columns of formats.md plus what changes over
 * time). Consecutive snapshots show history: an SCD2 dimension is built from them.
 */
export const machineMasterRow = z.object({
  snapshot_date: z.string(),
  machine_id: z.string(),
  machine_name: z.string(),
  machine_type: z.string(),
  factory_id: z.string(),
  output_product: z.string(),
  ideal_rate_units_per_hour: z.number(),
  energy_kwh_per_unit: z.number(),
  installed_on: z.string(),
  line_id: z.string(),
  last_overhaul_on: z.string().nullable(),
});
export type MachineMasterRow = z.infer<typeof machineMasterRow>;
export const MACHINE_MASTER_COLUMNS = [
  'snapshot_date',
  'machine_id',
  'machine_name',
  'machine_type',
  'factory_id',
  'output_product',
  'ideal_rate_units_per_hour',
  'energy_kwh_per_unit',
  'installed_on',
  'line_id',
  'last_overhaul_on',
] as const;

export const INVENTORY_REASONS = [
  'opening',
  'produced',
  'consumed',
  'returned',
  'shipped',
  'received',
] as const;
/** Every change of a buffer's stock, with the record that caused it, so material balances can be proven. */
export const inventoryMove = z.object({
  move_id: z.string(),
  timestamp: offsetTimestamp,
  factory_id: z.string(),
  buffer_id: z.string(),
  item: z.string(),
  change: z.number().int(),
  reason: z.enum(INVENTORY_REASONS),
  reference_id: z.string().nullable(),
  quantity_on_hand: z.number().int().nonnegative(),
});
export type InventoryMove = z.infer<typeof inventoryMove>;

/** High-rate telemetry (plants that sample on a clock rather than per batch). */
export const telemetryReading = z.object({
  machine_id: z.string(),
  timestamp: offsetTimestamp,
  state: z.enum(MACHINE_STATES),
  temperature_c: z.number().nullable(),
  pressure_bar: z.number().nullable(),
  vibration_mm_s: z.number().nullable(),
  power_kw: z.number().nullable(),
  energy_kwh: z.number().nullable(),
  efficiency_percent: z.number().nullable(),
});
export type TelemetryReading = z.infer<typeof telemetryReading>;
