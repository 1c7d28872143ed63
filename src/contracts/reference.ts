/**
 * Reference data a user supplies beside data ironworks did not make (formats.md §1), written by the
 * simulator under `reference/`. Columns are contracts: keep them stable.
 */
import { z } from 'zod';

export const REFERENCE_FILES = {
  machines: 'machines.csv',
  factories: 'factories.csv',
  aliases: 'aliases.csv',
  routings: 'routings.csv',
} as const;

export const referenceMachine = z.object({
  machine_id: z.string(),
  machine_name: z.string(),
  machine_type: z.string(),
  factory_id: z.string(),
  output_product: z.string(),
  ideal_rate_units_per_hour: z.number().positive(),
  energy_kwh_per_unit: z.number().nonnegative(),
  installed_on: z.string(),
});
export type ReferenceMachine = z.infer<typeof referenceMachine>;
export const REFERENCE_MACHINE_COLUMNS = [
  'machine_id',
  'machine_name',
  'machine_type',
  'factory_id',
  'output_product',
  'ideal_rate_units_per_hour',
  'energy_kwh_per_unit',
  'installed_on',
] as const;

export const referenceFactory = z.object({
  factory_id: z.string(),
  factory_name: z.string(),
  timezone: z.string(),
});
export type ReferenceFactory = z.infer<typeof referenceFactory>;
export const REFERENCE_FACTORY_COLUMNS = ['factory_id', 'factory_name', 'timezone'] as const;

/** Known spellings → canonical. `kind` is `machine` or `product`. */
export const referenceAlias = z.object({
  kind: z.enum(['machine', 'product']),
  alias: z.string(),
  canonical: z.string(),
});
export type ReferenceAlias = z.infer<typeof referenceAlias>;
export const REFERENCE_ALIAS_COLUMNS = ['kind', 'alias', 'canonical'] as const;

/**
 * Routings: the ideal cycle of each product on each machine that makes several (PRU in ISO 22400).
 * Machines that make one product use their master data's ideal rate instead.
 */
export const referenceRouting = z.object({
  machine_id: z.string(),
  product: z.string(),
  ideal_cycle_seconds: z.number().positive(),
  ideal_rate_units_per_hour: z.number().positive(),
});
export type ReferenceRouting = z.infer<typeof referenceRouting>;
export const REFERENCE_ROUTING_COLUMNS = [
  'machine_id',
  'product',
  'ideal_cycle_seconds',
  'ideal_rate_units_per_hour',
] as const;
