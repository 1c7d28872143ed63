/** Walking the (row, measure) pairs of a table, for the types whose rate counts single measures. */
import { getPath, type Row, type SourceTable } from '../output/table.ts';
import type { Rng } from '../random/rng.ts';
import { forEachChosen } from './select.ts';

/** Calls `hit` for each numeric measure chosen with probability p (nulls are never chosen). */
export function forEachChosenMeasure(
  rng: Rng,
  p: number,
  table: SourceTable,
  hit: (row: Row, field: string, value: number) => void,
): void {
  const fields = table.roles.measures ?? [];
  const m = fields.length;
  if (m === 0) return;
  forEachChosen(rng, p, table.rows.length * m, (k) => {
    const row = table.rows[Math.floor(k / m)] as Row;
    const field = fields[k % m] as string;
    const value = getPath(row, field);
    if (typeof value === 'number') hit(row, field, value);
  });
}
