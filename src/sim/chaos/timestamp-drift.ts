/**
 * timestamp_drift: a sensor clock that is off. The event time moves by a non-zero whole number of
 * seconds in U(−max_seconds, +max_seconds); its text style (microseconds, offset) is kept.
 */
import { getPath, type Row, setPath } from '../output/table.ts';
import { forEachChosen, nonZeroInt } from './select.ts';
import { named } from './sources.ts';
import { shiftTimestampText } from './timestamps.ts';
import type { ChaosModule } from './types.ts';

export const timestampDrift: ChaosModule<'timestamp_drift'> = {
  type: 'timestamp_drift',
  isDefaultSource: named({ seed: ['sensor_logs'], widgets: ['machine-telemetry'] }),
  accepts: (t) => t.roles.eventTime !== undefined,
  create(config) {
    if (!(config.rate > 0)) return null;
    return {
      apply(day, table) {
        const field = table.roles.eventTime as string;
        forEachChosen(day.rng, config.rate, table.rows.length, (i) => {
          const seconds = nonZeroInt(day.rng, config.max_seconds);
          const row = table.rows[i] as Row;
          const clean = getPath(row, field);
          if (typeof clean !== 'string' || day.touched(table, row, field)) return;
          const dirty = shiftTimestampText(clean, seconds);
          if (dirty === null) return;
          day.record(table, row, field, clean, dirty);
          setPath(row, field, dirty);
        });
      },
    };
  },
};
