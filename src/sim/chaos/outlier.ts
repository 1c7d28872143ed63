/**
 * outlier: a sensor spike. Each measure, with probability `rate`, becomes value × U(3, 10), half the
 * time with its sign flipped.
 */
import { setPath } from '../output/table.ts';
import { forEachChosenMeasure } from './measures.ts';
import { anyTable } from './sources.ts';
import type { ChaosModule } from './types.ts';

/** Rounds to the decimals the clean value was written with (at least 1, at most 4). */
function roundLike(value: number, like: number): number {
  const text = String(like);
  const dot = text.indexOf('.');
  const decimals = Math.min(4, Math.max(1, dot < 0 ? 0 : text.length - dot - 1));
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export const outlier: ChaosModule<'outlier'> = {
  type: 'outlier',
  isDefaultSource: anyTable,
  accepts: (t) => (t.roles.measures?.length ?? 0) > 0,
  create(config) {
    if (!(config.rate > 0)) return null;
    return {
      apply(day, table) {
        forEachChosenMeasure(day.rng, config.rate, table, (row, field, value) => {
          const factor = day.rng.uniform(3, 10);
          const sign = day.rng.next() < 0.5 ? -1 : 1;
          const spike = roundLike(sign * value * factor, value);
          if (spike === value || day.touched(table, row, field)) return;
          day.record(table, row, field, value, spike);
          setPath(row, field, spike);
        });
      },
    };
  },
};
