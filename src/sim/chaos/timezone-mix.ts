/**
 * timezone_mix: a source that records UTC beside ones that record plant time, with nothing to tell
 * them apart. Every naive timestamp of a chosen row is rewritten as naive UTC.
 */
import { getPath, type Row, setPath } from '../output/table.ts';
import { forEachChosen } from './select.ts';
import { named } from './sources.ts';
import { naiveLocalToUtcText } from './timestamps.ts';
import type { ChaosModule } from './types.ts';

export const timezoneMix: ChaosModule<'timezone_mix'> = {
  type: 'timezone_mix',
  // Operator logs are not a default: a MONITOR note at 10:00 or 17:00 can fit a running batch either way,
  // so a UTC mix-up there is not always recoverable (silver flags those it cannot decide).
  isDefaultSource: named({ seed: ['qc_checks'], widgets: ['quality-control'] }),
  accepts: (t) => (t.roles.naiveTimestamps?.length ?? 0) > 0,
  create(config, run) {
    if (!(config.rate > 0)) return null;
    return {
      apply(day, table) {
        const fields = table.roles.naiveTimestamps as string[];
        forEachChosen(day.rng, config.rate, table.rows.length, (i) => {
          const row = table.rows[i] as Row;
          for (const field of fields) {
            const clean = getPath(row, field);
            if (typeof clean !== 'string' || day.touched(table, row, field)) continue;
            const dirty = naiveLocalToUtcText(clean, run.zone);
            if (dirty === null || dirty === clean) continue;
            day.record(table, row, field, clean, dirty);
            setPath(row, field, dirty);
          }
        });
      },
    };
  },
};
