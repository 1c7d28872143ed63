/**
 * A scenario: a plant, its chaos, and run defaults. A scenario file is a plant file with optional
 * `chaos:` and `run:` sections, or `extends: <built-in>` plus overrides.
 */
import { z } from 'zod';
import { chaosSchema } from './chaos-schema.ts';
import { plantSchema } from './plant-schema.ts';

export const runDefaultsSchema = z.object({
  start: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2025-12-01')
    .default('2025-12-01'),
  days: z.number().int().positive().default(7),
  seed: z.number().int().min(0).default(42),
});

export const scenarioSchema = plantSchema.extend({
  chaos: chaosSchema.default({}),
  run: runDefaultsSchema.default({ start: '2025-12-01', days: 7, seed: 42 }),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type RunDefaults = z.infer<typeof runDefaultsSchema>;
