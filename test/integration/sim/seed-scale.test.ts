/**
 * Done-when 3: at its defaults the factorio plant runs at the seed's scale (scenarios.md: ~300
 * batches, ~20,000 units, ~250 defective, ~2,200 kWh per 10 days). Per day of a 30-day run:
 * 27–36 batches, 2,000–2,500 units and 200–300 kWh on most days, 1–3% defective over the run.
 * The engine test checks hard bounds; this one checks the distribution of what a user gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import type { DayTruth } from '../../../src/contracts/truth.ts';
import { type Run, readTruth, removeDir, simulateTo, sum } from './helpers.ts';

/** Days allowed outside each band (of 30), and a wider band even those must stay in. */
const MAX_OUTLIER_DAYS = 5;

let run: Run;
let truths: DayTruth[];

beforeAll(async () => {
  const factorio = loadScenario('factorio');
  run = await simulateTo('scale', factorio, { days: 30, seed: factorio.run.seed });
  truths = run.dates.map((d) => readTruth(run.dir, d));
});

afterAll(() => removeDir(run?.dir));

function expectMostDaysIn(
  values: number[],
  [lo, hi]: [number, number],
  [hardLo, hardHi]: [number, number],
  what: string,
) {
  const outside = values.filter((v) => v < lo || v > hi);
  expect(outside.length, `${what}: days outside [${lo}, ${hi}]: ${outside.join(', ')}`).toBeLessThanOrEqual(
    MAX_OUTLIER_DAYS,
  );
  for (const v of values) {
    expect(v, what).toBeGreaterThanOrEqual(hardLo);
    expect(v, what).toBeLessThanOrEqual(hardHi);
  }
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  expect(median, `${what} median`).toBeGreaterThanOrEqual(lo);
  expect(median, `${what} median`).toBeLessThanOrEqual(hi);
}

describe('factorio at its defaults runs at the seed scale (30 days)', () => {
  it('makes 27–36 batches on most days', () => {
    expect(truths).toHaveLength(30);
    expectMostDaysIn(
      truths.map((t) => t.total_batches),
      [27, 36],
      [20, 44],
      'batches/day',
    );
  });

  it('makes 2,000–2,500 units on most days', () => {
    expectMostDaysIn(
      truths.map((t) => t.factory_totals.units_produced),
      [2000, 2500],
      [1500, 3000],
      'units/day',
    );
  });

  it('uses 200–300 kWh on most days', () => {
    expectMostDaysIn(
      truths.map((t) => t.factory_totals.energy_consumed_kwh),
      [200, 300],
      [150, 350],
      'kWh/day',
    );
  });

  it('scraps 1–3% of units over the run', () => {
    const units = sum(truths.map((t) => t.factory_totals.units_produced));
    const defective = sum(truths.map((t) => t.factory_totals.units_defective));
    expect(defective / units).toBeGreaterThanOrEqual(0.01);
    expect(defective / units).toBeLessThanOrEqual(0.03);
  });

  it('runs all three machines every day, the smelters making plates and the assembler gears', () => {
    for (const t of truths) {
      expect(Object.keys(t.by_machine).sort()).toEqual(['ASSEMBLER-01', 'SMELTER-01', 'SMELTER-02']);
      for (const m of Object.values(t.by_machine)) expect(m.batches).toBeGreaterThan(0);
      expect(Object.keys(t.by_product).sort()).toEqual(['Gear Wheel', 'Iron Plate']);
    }
  });
});
