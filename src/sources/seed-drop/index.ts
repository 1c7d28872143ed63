/**
 * The seed file drop (formats.md §1) and ironworks' extra files beside it. Works on any generator's
 * drop in that layout: it assumes the file names and formats, nothing about the contents.
 */
import type { SourceReader } from '../types.ts';

export const seedDrop: SourceReader = {
  name: 'seed_drop',
  description:
    'Seed file drop: production batches, sensor logs, QC checks, operator logs (+ ironworks extras)',
  scope: 'day',
  rules: [
    {
      name: 'production_batches.csv',
      table: 'production_batches',
      format: 'csv',
      description: 'one row per production batch',
    },
    {
      name: 'sensor_logs.json',
      table: 'sensor_logs',
      format: 'json-array',
      description: 'sensor readings, a JSON array',
    },
    {
      name: 'sensor_logs.jsonl',
      table: 'sensor_logs',
      format: 'jsonl',
      description: 'sensor readings, JSON lines',
    },
    {
      name: 'qc_checks.csv',
      table: 'qc_checks',
      format: 'csv',
      description: 'quality inspections of batches',
    },
    { name: 'operator_logs.csv', table: 'operator_logs', format: 'csv', description: 'operator notes' },
    {
      name: 'machine_states.jsonl',
      table: 'machine_states',
      format: 'jsonl',
      description: 'machine state intervals (ironworks)',
    },
    {
      name: 'machine_master.csv',
      table: 'machine_master',
      format: 'csv',
      description: 'daily machine master-data snapshot (ironworks)',
    },
    {
      name: 'inventory_moves.jsonl',
      table: 'inventory_moves',
      format: 'jsonl',
      description: 'buffer stock movements (ironworks)',
    },
    {
      name: 'telemetry.jsonl',
      table: 'telemetry',
      format: 'jsonl',
      description: 'clock-style machine telemetry (ironworks)',
    },
  ],
};
