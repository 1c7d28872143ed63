/**
 * The two factorio runs of 30 days the chaos tests read: the scenario's default chaos, and the same
 * with the low-rate types boosted (so duplicates, late rows, malformed rows, reordering and
 * outliers come in hundreds), each with a chaos-off twin (degradation kept: it is the engine's).
 */
import { afterAll, beforeAll } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import type { Scenario } from '../../../src/config/scenario-schema.ts';
import { BOOST, type Drop, loadDrop } from './chaos-drop.ts';
import { type Run, removeDir, simulateTo } from './helpers.ts';

export interface Case {
  name: string;
  drop: Drop;
  /** The same scenario and seed with no data chaos. */
  twin: Run;
}

/** Simulates both cases; each temporary directory goes into `dirs` as soon as it exists, for the caller to remove. */
export async function chaosCases(dirs: string[]): Promise<Case[]> {
  const base = loadScenario('factorio');
  const boosted: Scenario = { ...base, chaos: { ...base.chaos, ...BOOST } };
  const cases: Case[] = [];
  for (const [name, scenario] of [
    ['default chaos', base],
    ['boosted low-rate chaos', boosted],
  ] as const) {
    const label = name.split(' ')[0];
    const run = await simulateTo(`ledger-${label}`, scenario, { days: 30, seed: 42 });
    dirs.push(run.dir);
    const degradation = scenario.chaos.degradation;
    const twin = await simulateTo(
      `ledger-twin-${label}`,
      { ...scenario, chaos: degradation ? { degradation } : {} },
      { days: 30, seed: 42 },
    );
    dirs.push(twin.dir);
    cases.push({ name, drop: loadDrop(run), twin });
  }
  return cases;
}

/** For a test file: the cases, simulated before its tests and removed after them. */
export function registerChaosCases(): () => Case[] {
  let cases: Case[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    cases = await chaosCases(dirs);
  });
  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });
  return () => cases;
}
