/** sensor_null: a reading that did not arrive. Each measure is null with probability `rate`. */
import { setPath } from '../output/table.ts';
import { forEachChosenMeasure } from './measures.ts';
import { anyTable } from './sources.ts';
import type { ChaosModule } from './types.ts';

export const sensorNull: ChaosModule<'sensor_null'> = {
  type: 'sensor_null',
  isDefaultSource: anyTable,
  accepts: (t) => (t.roles.measures?.length ?? 0) > 0,
  create(config) {
    if (!(config.rate > 0)) return null;
    return {
      apply(day, table) {
        forEachChosenMeasure(day.rng, config.rate, table, (row, field, value) => {
          if (day.touched(table, row, field)) return;
          day.record(table, row, field, value, null);
          setPath(row, field, null);
        });
      },
    };
  },
};
