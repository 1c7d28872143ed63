/** Default-source helpers shared by the chaos modules. */
import type { SourceTable } from '../output/table.ts';
import type { PlantFormat } from './types.ts';

/** Every source of each plant format, in the order their files are described. */
export const FORMAT_SOURCES: Record<PlantFormat, readonly string[]> = {
  seed: [
    'production_batches',
    'sensor_logs',
    'qc_checks',
    'operator_logs',
    'machine_states',
    'machine_master',
    'inventory_moves',
    'telemetry',
  ],
  widgets: [
    'component-production',
    'widget-assembly',
    'quality-control',
    'machine-telemetry',
    'inventory-updates',
    'production-orders',
    'factory-alerts',
  ],
};

/** A default-source test that matches fixed source names per format. */
export function named(byFormat: Record<PlantFormat, readonly string[]>) {
  return (format: PlantFormat, table: SourceTable): boolean => byFormat[format].includes(table.source);
}

/** A default-source test that takes every table (the module's `accepts` narrows it by role). */
export const anyTable = (): boolean => true;
