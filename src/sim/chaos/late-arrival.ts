/**
 * late_arrival: a record that reaches the drop 1–2 days after its own day. A chosen row leaves its
 * day's table and waits here until the drop of date + U{days}; rows whose delivery day would fall
 * past the run's last day stay where they are.
 */

import { addDays } from '../../contracts/plant-time.ts';
import type { Row, RowMeta, SourceTable } from '../output/table.ts';
import { forEachChosen } from './select.ts';
import { named } from './sources.ts';
import type { ChaosDay, ChaosModule, ChaosRun, ChaosStep, TypeConfig } from './types.ts';

/** What a table looks like, to recreate it on a day that has none of its own. */
export type TableShape = Pick<SourceTable, 'source' | 'file' | 'format' | 'columns' | 'roles' | 'keyOf'>;

/** Late rows of one table, due in one later drop, with the meta (ledger) they carry. */
export interface LateParcel {
  shape: TableShape;
  rows: Row[];
  metas: RowMeta[];
}

export interface LateArrivalStep extends ChaosStep {
  /** Removes and returns the parcels due on `dayIndex`, oldest first. */
  takeDue(dayIndex: number): LateParcel[];
}

export interface LateArrivalModule extends Omit<ChaosModule<'late_arrival'>, 'create'> {
  create(config: TypeConfig<'late_arrival'>, run: ChaosRun): LateArrivalStep | null;
}

export const lateArrival: LateArrivalModule = {
  type: 'late_arrival',
  isDefaultSource: named({
    seed: ['production_batches', 'sensor_logs', 'qc_checks'],
    widgets: ['component-production', 'quality-control', 'machine-telemetry'],
  }),
  accepts: () => true,
  create(config, run) {
    if (!(config.rate > 0)) return null;
    const [minDays, maxDays] = config.days;
    const queue = new Map<number, Map<string, LateParcel>>();
    // Rows that already arrived late are not delayed a second time.
    const delivered = new WeakSet<Row>();

    const parcelFor = (due: number, table: SourceTable): LateParcel => {
      let byTable = queue.get(due);
      if (!byTable) {
        byTable = new Map();
        queue.set(due, byTable);
      }
      const id = `${table.source}\u0000${table.file}`;
      let parcel = byTable.get(id);
      if (!parcel) {
        const { source, file, format, columns, roles, keyOf } = table;
        parcel = { shape: { source, file, format, columns, roles, keyOf }, rows: [], metas: [] };
        byTable.set(id, parcel);
      }
      return parcel;
    };

    return {
      apply(day: ChaosDay, table: SourceTable) {
        const leaving = new Set<Row>();
        forEachChosen(day.rng, config.rate, table.rows.length, (i) => {
          const delay = day.rng.int(minDays, maxDays);
          const row = table.rows[i] as Row;
          if (delay < 1 || day.dayIndex + delay > run.days - 1 || delivered.has(row)) return;
          const origin = day.origin(table, row);
          day.record(table, row, null, origin.date, addDays(day.date, delay));
          const parcel = parcelFor(day.dayIndex + delay, table);
          parcel.rows.push(row);
          parcel.metas.push(table.meta.get(row) as RowMeta);
          table.meta.delete(row);
          leaving.add(row);
        });
        if (leaving.size > 0) table.rows = table.rows.filter((r) => !leaving.has(r));
      },
      takeDue(dayIndex) {
        const due = queue.get(dayIndex);
        queue.delete(dayIndex);
        if (!due) return [];
        const parcels = [...due.values()];
        for (const p of parcels) for (const r of p.rows) delivered.add(r);
        return parcels;
      },
    };
  },
};
