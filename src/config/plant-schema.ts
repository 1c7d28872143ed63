/**
 * The plant format: what a factory is made of. Users write it in YAML (see `scenarios/*.yaml`);
 * the built-in plants are written in it too. Validation errors name the path and the problem.
 */
import { z } from 'zod';

const id = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.\-{}:#]*$/,
    'expected an id of letters, digits, _ . - (and {i} in templates)',
  );
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'expected a time of day like 06:00');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2025-12-01');
const probability = z.number().min(0).max(1);
/** `[min, max]`, both inclusive; a draw is uniform between them. */
const range = z
  .tuple([z.number().nonnegative(), z.number().nonnegative()])
  .refine(([a, b]) => a <= b, 'expected [min, max] with min ≤ max');

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const shiftSchema = z.object({
  id: id,
  start: hhmm,
  /** May be earlier than start: the shift then ends on the next day. */
  end: hhmm,
});

export const factorySchema = z.object({
  id: id,
  name: z.string().min(1),
  timezone: z.string().refine(isTimeZone, 'expected an IANA time zone like America/Phoenix'),
  shifts: z.array(shiftSchema).min(1),
  /** Days of the week the plant works, 0 = Sunday. */
  working_days: z.array(z.number().int().min(0).max(6)).default([0, 1, 2, 3, 4, 5, 6]),
});

export const itemSchema = z.object({
  id: id,
  /** Canonical product name as it appears in files (`Iron Plate`). */
  name: z.string().min(1),
  kind: z.enum(['raw', 'intermediate', 'finished', 'component']),
  /** Serialized items are tracked one by one (a component id), so each is consumed at most once. */
  serialized: z.boolean().default(false),
});

export const recipeSchema = z.object({
  id: id,
  /** Item → quantity per output unit. */
  inputs: z.record(z.string(), z.number().int().positive()).default({}),
  output: z.string(),
  /** For stations that build one unit at a time: seconds per unit (ideal), before jitter. */
  cycle_seconds: range.optional(),
});

export const bufferSchema = z.object({
  id: id,
  item: z.string(),
  /** null = unbounded (never blocks its producers). */
  capacity: z.number().int().positive().nullable().default(null),
  initial: z.number().int().nonnegative().default(0),
  /** Daily delivery at the first shift start, topping the stock up to this level (raw materials). */
  replenish_to: z.number().int().positive().optional(),
  /** Daily shipment at the last shift end of everything above this level (finished goods). */
  ship_above: z.number().int().nonnegative().optional(),
});

const sensorRange = z.object({ producing: range, idle: range });

export const machineSchema = z.object({
  id: id,
  /** Expand this entry into N machines; `{i}`, `{i:02}` in id/name/line become 1, 01, … */
  replicas: z.number().int().positive().optional(),
  name: z.string().min(1),
  type: z.string().min(1),
  line: z.string().default('L1'),
  location: z.object({ building: z.string(), floor: z.number().int(), line: z.string() }).optional(),
  /** One recipe for a dedicated machine, several for a station that builds to orders. */
  recipes: z.array(z.string()).min(1),
  /** Item → buffer it draws from. */
  inputs: z.record(z.string(), z.string()).default({}),
  /** Item → buffer it delivers good units to. */
  outputs: z.record(z.string(), z.string()),
  production: z.discriminatedUnion('mode', [
    z.object({
      mode: z.literal('batch'),
      ideal_rate_per_hour: z.number().positive(),
      batch_minutes: range,
    }),
    z.object({
      mode: z.literal('cycle'),
      /** Ideal cycle (s/unit) when the recipe does not say; a draw is uniform in the range. */
      cycle_seconds: range.optional(),
      /** Each cycle × U(jitter): the seed's 0.8–1.2. */
      jitter: range.default([1, 1]),
    }),
  ]),
  /** Changeover between batches (ASUT). */
  setup_minutes: range.default([0, 0]),
  /** Build to orders (assembly stations) rather than to stock. */
  make_to_order: z.boolean().default(false),
  base_efficiency: z.number().gt(0).max(1.5),
  /** Efficiency points lost per day since install or the last overhaul (0.02 = 2 points). */
  degradation_per_day: z.number().min(0).default(0),
  /** Share of units defective at base efficiency; grows with degradation. */
  defect_rate: range,
  /** Defect rate × (1 + defect_growth × points of efficiency lost). */
  defect_growth: z.number().min(0).default(10),
  minor_stops: z
    .object({ per_hour: z.number().min(0), minutes: range })
    .default({ per_hour: 0, minutes: [1, 1] }),
  failures: z
    .object({
      /** Weibull on operating time (producing + setup), scale from this mean at base efficiency. */
      mtbf_hours: z.number().positive(),
      shape: z.number().positive().default(1.5),
      /** Hazard × (1 + wear_factor × points of efficiency lost): a degrading machine fails more. */
      wear_factor: z.number().min(0).default(5),
      modes: z.array(z.string()).default(['mechanical', 'electrical', 'overheat']),
    })
    .optional(),
  repairs: z
    .object({ mttr_minutes: z.number().positive(), sigma: z.number().min(0).default(0.5) })
    .default({ mttr_minutes: 30, sigma: 0.5 }),
  maintenance: z
    .object({
      /** Planned maintenance every N days at the first shift start (0 = never). */
      every_days: z.number().int().min(0).default(0),
      hours: z.number().positive().default(1),
      /** Overhaul when efficiency falls below this; restores base efficiency. */
      overhaul_below_efficiency: z.number().positive().optional(),
      overhaul_hours: z.number().positive().default(4),
    })
    .default({ every_days: 0, hours: 1, overhaul_hours: 4 }),
  energy_kwh_per_unit: z.number().min(0),
  installed_on: isoDate,
  sensors: z
    .object({
      temperature_c: sensorRange,
      pressure_bar: sensorRange,
      vibration_mm_s: sensorRange.default({ producing: [2, 4], idle: [0.2, 0.6] }),
    })
    .optional(),
});

export const masterDataChangeSchema = z.object({
  /** 0-based day of the run on which the change takes effect (at plant-local midnight). */
  day: z.number().int().min(0),
  machine: z.string(),
  set: z
    .object({
      line_id: z.string(),
      ideal_rate_units_per_hour: z.number().positive(),
      energy_kwh_per_unit: z.number().min(0),
      machine_name: z.string(),
    })
    .partial(),
});

export const qcSchema = z.object({
  inspectors: z.array(z.string()).min(1),
  /** Share of batches / units inspected. */
  sample_rate: probability,
  delay_minutes: range,
  /** Widget plants: per finished item, minimum performance score and target pass rate. */
  standards: z
    .record(z.string(), z.object({ min_performance_score: z.number(), pass_rate: probability }))
    .optional(),
  test_pass_rates: z
    .object({ electrical: probability, mechanical: probability, visual: probability })
    .optional(),
});

export const operatorsSchema = z.object({
  ids: z.array(z.string()).min(1),
  /** Share of batches an operator logs on. */
  log_rate: probability,
});

export const ordersSchema = z.object({
  initial: z.record(z.string(), z.number().int().positive()).default({}),
  arrivals_per_hour: z.number().min(0),
  quantity: range,
  priority: range,
  /** Item → weight of new orders. */
  mix: z.record(z.string(), z.number().positive()),
});

export const sensorsSchema = z.object({
  /** Seed style: readings per batch, the last at the batch end (sensor_logs.json). */
  per_batch: range.optional(),
  /** Clock style: every machine every N seconds, all day (telemetry). */
  every_seconds: z.number().int().positive().optional(),
});

export const plantSchema = z.object({
  name: id,
  description: z.string().default(''),
  /** Which sink writes the files: the seed drop + extras, or the widget topics. */
  format: z.enum(['seed', 'widgets']),
  factory: factorySchema,
  items: z.array(itemSchema).min(1),
  recipes: z.array(recipeSchema).min(1),
  buffers: z.array(bufferSchema).default([]),
  machines: z.array(machineSchema).min(1),
  master_data_changes: z.array(masterDataChangeSchema).default([]),
  qc: qcSchema.optional(),
  operators: operatorsSchema.optional(),
  orders: ordersSchema.optional(),
  sensors: sensorsSchema.default({}),
});

export type PlantInput = z.input<typeof plantSchema>;
export type Plant = z.infer<typeof plantSchema>;
export type MachineSpec = z.infer<typeof machineSchema>;
export type BufferSpec = z.infer<typeof bufferSchema>;
export type RecipeSpec = z.infer<typeof recipeSchema>;
export type ItemSpec = z.infer<typeof itemSchema>;
