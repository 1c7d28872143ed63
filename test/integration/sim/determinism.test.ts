/**
 * Done-when 1: the same scenario and seed give byte-identical output (every file, compared by the
 * sha256 of its relative path and content), in the same process and from the CLI; another seed gives
 * different raw data and truth.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import { hashTree, type Run, removeDir, simulateTo, tempDir } from './helpers.ts';

const ROOT = join(import.meta.dirname, '../../..');

const runs: Run[] = [];
const dirs: string[] = [];
let f1: Run;
let f2: Run;
let fOtherSeed: Run;
let fCli: string;
let w1: Run;
let w2: Run;

/** Remembers a run's dir for cleanup as soon as it exists. */
const track = (r: Run) => {
  runs.push(r);
  return r;
};

beforeAll(async () => {
  const factorio = loadScenario('factorio');
  f1 = track(await simulateTo('det-f1', factorio, { days: 10, seed: 42 }));
  // A second run in the same process: module-level state must not leak from one run into the next.
  f2 = track(await simulateTo('det-f2', loadScenario('factorio'), { days: 10, seed: 42 }));
  fOtherSeed = track(await simulateTo('det-f3', factorio, { days: 10, seed: 43 }));
  const widgets = loadScenario('widgets');
  w1 = track(await simulateTo('det-w1', widgets, { days: 3, seed: 42 }));
  w2 = track(await simulateTo('det-w2', widgets, { days: 3, seed: 42 }));
  fCli = tempDir('det-cli');
  dirs.push(fCli);
  const cli = spawnSync(
    process.execPath,
    [
      'bin/ironworks.js',
      'simulate',
      '--scenario',
      'factorio',
      '--start',
      '2025-12-01',
      '--days',
      '10',
      '--seed',
      '42',
      '--out',
      fCli,
      '--quiet',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (cli.status !== 0) throw new Error(`CLI failed (${cli.status}): ${cli.stderr}`);
});

afterAll(() => {
  for (const r of runs) removeDir(r.dir);
  for (const d of dirs) removeDir(d);
});

/** Paths whose hashes differ, and paths only one side has. */
function diff(a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [p, h] of a) if (b.get(p) !== h) out.push(p);
  for (const p of b.keys()) if (!a.has(p)) out.push(p);
  return out;
}

describe('same scenario + seed ⇒ byte-identical output', () => {
  it('factorio, 10 days, twice in one process: every file identical', () => {
    const a = hashTree(f1.dir);
    const b = hashTree(f2.dir);
    // The tree is complete: 10 days of raw data, truth and ledger, the reference files, the manifest.
    expect(a.size).toBeGreaterThanOrEqual(10 * 9 + 4);
    for (const date of f1.dates) {
      for (const p of [
        `raw_data/${date}/production_batches.csv`,
        `raw_data/${date}/sensor_logs.json`,
        `raw_data/${date}/qc_checks.csv`,
        `raw_data/${date}/operator_logs.csv`,
        `ground_truth/${date}/truth.json`,
        `chaos/${date}/ledger.jsonl`,
      ])
        expect(a.has(p), p).toBe(true);
    }
    expect(a.has('simulation.json')).toBe(true);
    expect(a.has('reference/machines.csv')).toBe(true);
    expect(diff(a, b)).toEqual([]);
  });

  it('factorio, 10 days, from the CLI: identical to the in-process run', () => {
    expect(diff(hashTree(f1.dir), hashTree(fCli))).toEqual([]);
  });

  it('widgets, 3 days, twice: every file identical', () => {
    const a = hashTree(w1.dir);
    const b = hashTree(w2.dir);
    expect(a.size).toBeGreaterThanOrEqual(3 * 9 + 4);
    expect(a.has(`raw_data/${w1.dates[0]}/component-production.jsonl`)).toBe(true);
    expect(diff(a, b)).toEqual([]);
  });

  it('another seed gives different raw data and truth on every day', () => {
    const a = hashTree(f1.dir);
    const c = hashTree(fOtherSeed.dir);
    // Same layout…
    expect([...c.keys()]).toEqual([...a.keys()]);
    // …different content: every day's batches, sensor readings and truth differ.
    for (const date of f1.dates) {
      for (const p of [
        `raw_data/${date}/production_batches.csv`,
        `raw_data/${date}/sensor_logs.json`,
        `ground_truth/${date}/truth.json`,
      ])
        expect(c.get(p), p).not.toBe(a.get(p));
    }
    // Reference data does not depend on the seed.
    expect(c.get('reference/machines.csv')).toBe(a.get('reference/machines.csv'));
  });
});
