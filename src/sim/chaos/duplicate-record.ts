/**
 * duplicate_record: a redelivered record (a retried upload, Kafka at-least-once). An exact copy of a
 * chosen row is written right after it in the same file, as a retry writes it; the ledger entry is on
 * the copy. (Moving records around is out_of_order's job: keeping the two apart keeps each scoreable.)
 */
import { metaOf, type Row } from '../output/table.ts';
import { forEachChosen } from './select.ts';
import { named } from './sources.ts';
import type { ChaosModule } from './types.ts';

export const duplicateRecord: ChaosModule<'duplicate_record'> = {
  type: 'duplicate_record',
  isDefaultSource: named({
    seed: ['production_batches'],
    widgets: ['component-production', 'widget-assembly', 'quality-control'],
  }),
  accepts: () => true,
  create(config) {
    if (!(config.rate > 0)) return null;
    return {
      apply(day, table) {
        const rows = table.rows;
        const n = rows.length;
        // Copies to insert before original index j (j = n: at the end), in draw order.
        const before = new Map<number, Row[]>();
        forEachChosen(day.rng, config.rate, n, (i) => {
          const at = i + 1;
          const row = rows[i] as Row;
          const copy: Row = { ...row };
          const rawMeta = table.meta.get(row);
          day.adopt(copy, day.origin(table, row));
          if (rawMeta?.raw !== undefined) metaOf(table, copy).raw = rawMeta.raw;
          day.record(table, copy, null, null, null);
          const list = before.get(at);
          if (list) list.push(copy);
          else before.set(at, [copy]);
        });
        if (before.size === 0) return;
        const out: Row[] = [];
        for (let j = 0; j <= n; j++) {
          const copies = before.get(j);
          if (copies) for (const c of copies) out.push(c);
          if (j < n) out.push(rows[j] as Row);
        }
        table.rows = out;
      },
    };
  },
};
