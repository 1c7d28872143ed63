/**
 * Ground truth, one file per plant-local day: `ground_truth/<date>/truth.json`, computed from the clean
 * events before any chaos. The seed's keys (formats.md §1) come first and keep their meaning; ironworks
 * adds ISO 22400 time elements and KPIs beside them. A verifier compares the keys a file has, so truth
 * from other generators (seed keys only) still parses: everything past the seed's keys is optional.
 *
 * Times are seconds. Ratios are unrounded; `null` where the denominator is 0 (never a misleading 0).
 */
import { z } from 'zod';
import { MACHINE_STATES } from './extras.ts';

const num = z.number();
const ratio = z.number().nullable();

/** ISO 22400-2 time elements and counts for one work unit (or a roll-up) over one period. */
export const timeElements = z.object({
  calendar_s: num,
  pot_s: num, // planned operation time: inside shifts
  planned_downtime_s: num, // planned maintenance inside shifts
  pbt_s: num, // planned busy time = POT − planned downtime
  apt_s: num, // producing
  asut_s: num, // setup
  adet_s: num, // minor stops
  down_s: num, // failed, inside PBT
  adot_s: num, // starved + blocked + idle
  pq: num,
  gq: num,
  sq: num,
  ideal_time_s: num, // Σ PRU × PQ
  failures: num,
  restorations: num,
  ttr_s: num, // Σ time to restoration of the restorations completed in the period
  operating_s: num, // APT + ASUT: the ISO MTBF numerator
});
export type TimeElements = z.infer<typeof timeElements>;

export const kpis = z.object({
  availability: ratio,
  performance: ratio,
  quality: ratio,
  oee: ratio,
  scrap_ratio: ratio,
  mtbf_s: ratio,
  mttr_s: ratio,
  energy_per_good_unit_kwh: ratio,
});
export type Kpis = z.infer<typeof kpis>;

export const seedMachineTruth = z.object({
  batches: num,
  units_produced: num,
  units_defective: num,
  energy_consumed_kwh: num,
});
export const seedProductTruth = z.object({
  batches: num,
  units_produced: num,
  units_defective: num,
});

export const machineTruth = seedMachineTruth.extend({
  good_units: num.optional(),
  states_s: z.partialRecord(z.enum(MACHINE_STATES), num).optional(),
  time: timeElements.optional(),
  kpi: kpis.optional(),
});
export const productTruth = seedProductTruth.extend({
  good_units: num.optional(),
  energy_consumed_kwh: num.optional(),
});

export const materialFlowEdge = z.object({
  from: z.string(), // a buffer, a machine, `supply` or `shipping`
  to: z.string(),
  item: z.string(),
  quantity: num,
});
export type MaterialFlowEdge = z.infer<typeof materialFlowEdge>;

export const bufferTruth = z.object({
  item: z.string(),
  opening: num,
  produced: num,
  consumed: num,
  returned: num,
  shipped: num,
  received: num,
  closing: num,
});

export const dayTruth = z.object({
  date: z.string(),
  total_batches: num,
  by_machine: z.record(z.string(), machineTruth),
  by_product: z.record(z.string(), productTruth),
  factory_totals: z.object({
    units_produced: num,
    units_defective: num,
    energy_consumed_kwh: num,
    good_units: num.optional(),
    time: timeElements.optional(),
    kpi: kpis.optional(),
  }),
  // ironworks' additions
  plant: z.string().optional(),
  factory_id: z.string().optional(),
  timezone: z.string().optional(),
  by_machine_shift: z.record(z.string(), z.record(z.string(), timeElements)).optional(),
  material_flow: z.array(materialFlowEdge).optional(),
  buffers: z.record(z.string(), bufferTruth).optional(),
  qc: z.object({ checks: num, passed: num, failed: num, by_reason: z.record(z.string(), num) }).optional(),
  counts: z.record(z.string(), num).optional(), // clean records per source table before chaos
});
export type DayTruth = z.infer<typeof dayTruth>;
