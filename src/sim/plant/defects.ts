/** Which of a run's units are defective, drawn from the machine's stream once the run's size is known. */
import type { Rng } from '../random/rng.ts';
import type { PlantRuntime } from './runtime.ts';

export interface UnitDefects {
  defective: number;
  /** Serialized output units' ids, in order (empty for plain items). */
  unitIds: string[];
  /** Per unit when drawn one by one: its defect count (2 and up means scrapped). */
  unitDefects: number[];
}

/**
 * Defects of `made` units at `rate`. One by one (`perUnit`: serialized items and one-unit cycles),
 * with seed 002's defect counts and a new unit id per serialized unit; otherwise one binomial draw.
 */
export function drawDefects(
  rng: Rng,
  rt: Pick<PlantRuntime, 'serializedItems' | 'newUnitId'>,
  item: string,
  made: number,
  rate: number,
  perUnit: boolean,
): UnitDefects {
  const unitIds: string[] = [];
  const unitDefects: number[] = [];
  if (!perUnit) return { defective: rng.binomial(made, rate), unitIds, unitDefects };
  let defective = 0;
  const serialized = rt.serializedItems.has(item);
  for (let i = 0; i < made; i++) {
    const bad = rng.chance(rate);
    if (bad) defective++;
    // Seed 002's defect_count: 0/1 on good units (80:15), 2/3 on scrapped ones (4:1).
    unitDefects.push(bad ? 2 + rng.weighted([4, 1]) : rng.weighted([80, 15]));
    if (serialized) unitIds.push(rt.newUnitId(item));
  }
  return { defective, unitIds, unitDefects };
}
