/**
 * out_of_order: a record written away from its place in time. A chosen row moves to a random other
 * place in its file, at least 2 places from where it was relative to the rows that stay put.
 * The ledger keeps its 1-based position before (clean) and after (dirty) the move.
 */
import type { Row } from '../output/table.ts';
import { forEachChosen } from './select.ts';
import { named } from './sources.ts';
import type { ChaosModule } from './types.ts';

export const outOfOrder: ChaosModule<'out_of_order'> = {
  type: 'out_of_order',
  // Not sensor files by default: their clocks drift (timestamp_drift), so their order carries no signal
  // to tell a moved reading from a drifted one.
  isDefaultSource: named({
    seed: ['production_batches'],
    widgets: ['component-production'],
  }),
  accepts: () => true,
  create(config) {
    if (!(config.rate > 0)) return null;
    return {
      apply(day, table) {
        const rows = table.rows;
        const movers: number[] = [];
        forEachChosen(day.rng, config.rate, rows.length, (i) => movers.push(i));
        if (movers.length === 0) return;
        const stay = rows.length - movers.length;
        // With 3 staying rows every place has another one at least 2 away; tiny tables are left alone.
        if (stay < 3) return;
        // Slot t is the gap just before the t-th staying row (t = stay: after the last one).
        const slots = new Map<number, number[]>();
        movers.forEach((i, k) => {
          const slot = i - k; // staying rows before it
          const below = Math.max(0, slot - 1); // slots 0 .. slot−2
          const above = Math.max(0, stay - slot - 1); // slots slot+2 .. stay
          const pick = day.rng.int(0, below + above - 1);
          const target = pick < below ? pick : slot + 2 + (pick - below);
          const list = slots.get(target);
          if (list) list.push(i);
          else slots.set(target, [i]);
        });
        const out: Row[] = [];
        const newPos = new Map<number, number>();
        const flush = (slot: number) => {
          for (const i of slots.get(slot) ?? []) {
            newPos.set(i, out.length);
            out.push(rows[i] as Row);
          }
        };
        let slot = 0;
        let nextMover = 0;
        for (let i = 0; i < rows.length; i++) {
          if (movers[nextMover] === i) {
            nextMover++;
            continue;
          }
          flush(slot++);
          out.push(rows[i] as Row);
        }
        flush(slot);
        table.rows = out;
        for (const i of movers) day.record(table, rows[i] as Row, null, i + 1, (newPos.get(i) as number) + 1);
      },
    };
  },
};
