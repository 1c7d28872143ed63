/**
 * unit_change: after a firmware update on `from_day`, a few machines' temperature sensors report °F.
 * `rate` is the share of machines (rounded up), chosen once per run.
 */
import { getPath, setPath } from '../output/table.ts';
import { Rng } from '../random/rng.ts';
import { anyTable } from './sources.ts';
import type { ChaosModule } from './types.ts';

/**
 * °C → °F. Readings carry 2 decimals in °C, so °F needs 3 to be exact (C × 1.8 has at most 3):
 * converting back and rounding to 2 decimals gives the clean value, which keeps the type recoverable.
 */
export const toFahrenheit = (c: number) => Math.round(c * 1800 + 32000) / 1000;

/** Machines whose sensors switch to °F this run. */
export function fahrenheitMachines(seed: number, machines: readonly string[], rate: number): Set<string> {
  const n = rate > 0 ? Math.min(machines.length, Math.ceil(rate * machines.length)) : 0;
  const order = Rng.stream(seed, 'chaos:unit_change:run').shuffle([...machines]);
  return new Set(order.slice(0, n));
}

export const unitChange: ChaosModule<'unit_change'> = {
  type: 'unit_change',
  isDefaultSource: anyTable,
  accepts: (t) => t.roles.temperatureC !== undefined && t.roles.machine !== undefined,
  create(config, run) {
    const chosen = fahrenheitMachines(run.seed, run.machines, config.rate);
    if (chosen.size === 0) return null;
    return {
      apply(day, table) {
        if (day.dayIndex < config.from_day) return;
        const field = table.roles.temperatureC as string;
        const machineField = table.roles.machine as string;
        // Every row is looked at (a million a day on a big plant): read a plain field directly.
        const flat = !machineField.includes('.');
        for (const row of table.rows) {
          if (!chosen.has((flat ? row[machineField] : getPath(row, machineField)) as string)) continue;
          const c = getPath(row, field);
          if (typeof c !== 'number') continue; // null stays null
          const f = toFahrenheit(c);
          day.record(table, row, field, c, f);
          setPath(row, field, f);
        }
      },
    };
  },
};
