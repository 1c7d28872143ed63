/**
 * Chaos settings of a scenario: one entry per chaos type, each with a `rate` (0 turns it off) and the
 * few knobs that type needs. What `rate` counts is said per type; the ledger's counts follow it.
 */
import { z } from 'zod';

const rate = z.number().min(0).max(1);
const sources = z.array(z.string()).min(1);
const range = z
  .tuple([z.number(), z.number()])
  .refine(([a, b]) => a <= b, 'expected [min, max] with min ≤ max');

export const chaosSchema = z
  .object({
    /** Share of rows in `sources` whose product name is written in another spelling. */
    product_name_spelling: z.object({ rate, sources: sources.optional() }),
    /** Share of rows in `sources` whose machine id is written in another spelling. */
    machine_id_spelling: z.object({ rate, sources: sources.optional() }),
    /** Share of sensor measures (each field of each reading) written as null. */
    sensor_null: z.object({ rate, sources: sources.optional() }),
    /** Share of readings whose timestamp is shifted by U(−max, +max) seconds (never 0). */
    timestamp_drift: z.object({
      rate,
      max_seconds: z.number().int().positive().default(300),
      sources: sources.optional(),
    }),
    /** Share of rows written twice (an exact copy at another position in the same file). */
    duplicate_record: z.object({ rate, sources: sources.optional() }),
    /** Share of rows that land in the drop of a later day (by `days`), never past the run's last day. */
    late_arrival: z.object({ rate, days: range.default([1, 2]), sources: sources.optional() }),
    /** Share of rows in `sources` whose naive timestamps are written in UTC instead of plant-local time. */
    timezone_mix: z.object({ rate, sources: sources.optional() }),
    /** Efficiency points lost per day by `machines` (overrides the plant's degradation_per_day). */
    degradation: z.object({ rate: z.number().min(0).max(0.2), machines: z.array(z.string()).default([]) }),
    /** Probability that each of the plant format's known drifts happens, from `from_day` (0-based) on. */
    schema_drift: z.object({ rate, from_day: z.number().int().min(0).default(15) }),
    /** Share of machines whose temperature sensor reports °F after a firmware update on `from_day`. */
    unit_change: z.object({
      rate,
      from_day: z.number().int().min(0).default(12),
      sources: sources.optional(),
    }),
    /** Share of rows written broken: truncated line, broken JSON, or bytes that are not UTF-8. */
    malformed_row: z.object({ rate, sources: sources.optional() }),
    /** Share of rows moved out of time order within their file. */
    out_of_order: z.object({ rate, sources: sources.optional() }),
    /** Share of sensor measures replaced by a spike (× 3–10 or a sign flip). */
    outlier: z.object({ rate, sources: sources.optional() }),
  })
  .partial();

export type ChaosConfig = z.infer<typeof chaosSchema>;
export type ChaosName = keyof ChaosConfig;
