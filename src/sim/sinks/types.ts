/** A sink turns a day of clean engine events into the source tables of one file format. */
import type { Scenario } from '../../config/scenario-schema.ts';
import type { DayEvents } from '../engine/events.ts';
import type { SourceTable } from '../output/table.ts';
import type { TelemetryDay } from '../telemetry/day.ts';

export interface Sink {
  /** The day's tables, but telemetry (see telemetryDay). */
  tables(day: DayEvents): SourceTable[];
  /**
   * What the day's clock-style telemetry table is built from, or null when the plant reads none.
   * The table is made apart (sim/telemetry), on a worker thread when the drop is files. Once a
   * day, in order.
   */
  telemetryDay?(day: DayEvents): TelemetryDay | null;
}

export interface SinkContext {
  scenario: Scenario;
  seed: number;
}

export function itemNames(s: Scenario): Map<string, string> {
  return new Map(s.items.map((i) => [i.id, i.name]));
}

export function newTable(
  partial: Omit<SourceTable, 'meta' | 'rows'> & { rows?: SourceTable['rows'] },
): SourceTable {
  return { rows: [], ...partial, meta: new Map() };
}
