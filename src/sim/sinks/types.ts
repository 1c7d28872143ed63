/** A sink turns a day of clean engine events into the source tables of one file format. */
import type { Scenario } from '../../config/scenario-schema.ts';
import type { DayEvents } from '../engine/events.ts';
import type { SourceTable } from '../output/table.ts';

export interface Sink {
  tables(day: DayEvents): SourceTable[];
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
