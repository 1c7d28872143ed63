/** The step both spelling types share: replace one field with a variant of its clean value. */
import { getPath, type Row, type SourceTable, setPath } from '../output/table.ts';
import { forEachChosen } from './select.ts';
import type { ChaosDay, ChaosStep } from './types.ts';

export function spellingStep(
  rate: number,
  fieldOf: (table: SourceTable) => string | undefined,
  variantsOf: (canonical: string) => string[],
): ChaosStep | null {
  if (!(rate > 0)) return null;
  const cache = new Map<string, string[]>();
  const variants = (value: string) => {
    let list = cache.get(value);
    if (!list) {
      list = variantsOf(value);
      cache.set(value, list);
    }
    return list;
  };
  return {
    apply(day: ChaosDay, table: SourceTable) {
      const field = fieldOf(table);
      if (field === undefined) return;
      forEachChosen(day.rng, rate, table.rows.length, (i) => {
        const row = table.rows[i] as Row;
        const clean = getPath(row, field);
        if (typeof clean !== 'string') return;
        const list = variants(clean);
        if (list.length === 0 || day.touched(table, row, field)) return;
        const dirty = day.rng.pick(list);
        day.record(table, row, field, clean, dirty);
        setPath(row, field, dirty);
      });
    },
  };
}
