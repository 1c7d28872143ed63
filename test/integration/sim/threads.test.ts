/**
 * Telemetry made on worker threads (sim/telemetry/lane.ts) is the telemetry made on the main thread:
 * the output is byte-identical for any number of threads, also when late_arrival carries telemetry
 * rows into later days (the lane then keeps one worker), and a worker's failure fails the run.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import type { Scenario } from '../../../src/config/scenario-schema.ts';
import { fileTarget, simulate } from '../../../src/sim/run.ts';
import { hashTree, readLedger, recordCount, removeDir, tempDir } from './helpers.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

/** The large plant read every minute (a sixth of its telemetry), 3 days: quick, yet a million-row scale. */
function plant(chaos?: Scenario['chaos']): Scenario {
  const s = loadScenario('large');
  return { ...s, sensors: { ...s.sensors, every_seconds: 60 }, chaos: chaos ?? s.chaos };
}

async function run(scenario: Scenario, threads: number, label: string) {
  const out = tempDir(`threads-${label}-${threads}`);
  dirs.push(out);
  const summary = await simulate({ scenario, start: '2025-12-01', days: 3, seed: 42, out, threads });
  return { out, summary, tree: hashTree(out) };
}

describe('telemetry on worker threads', () => {
  it('writes the same bytes with 0, 1 and 3 threads', async () => {
    const s = plant();
    const [none, one, three] = [await run(s, 0, 'all'), await run(s, 1, 'all'), await run(s, 3, 'all')];
    const file = 'raw_data/2025-12-02/telemetry.jsonl';
    expect(recordCount(join(none.out, file))).toBeGreaterThan(100 * 1440 * 0.99);
    // Chaos reached telemetry, so its ledger block is part of what is compared.
    expect(readLedger(none.out, '2025-12-02').filter((e) => e.file === file).length).toBeGreaterThan(1000);
    expect([...one.tree]).toEqual([...none.tree]);
    expect([...three.tree]).toEqual([...none.tree]);
    expect(three.summary.rows).toEqual(none.summary.rows);
    expect(three.summary.chaos).toEqual(none.summary.chaos);
  });

  it('makes the same telemetry on the main thread for a target that is not files (simulate --live)', async () => {
    // A target that writes through the file writer but says it writes no files, as a broker does:
    // simulate() then builds telemetry here and dirties it with its own runner, beside the other tables.
    const s = plant();
    const files = await run(s, 2, 'files');
    const out = tempDir('threads-live');
    dirs.push(out);
    const inner = fileTarget(out);
    await simulate({
      scenario: s,
      start: '2025-12-01',
      days: 3,
      seed: 42,
      out,
      target: { writesFiles: false, deliver: (day) => inner.deliver(day) },
    });
    const live = hashTree(out);
    const raw = [...files.tree].filter(([p]) => p.startsWith('raw_data/'));
    expect(raw.length).toBeGreaterThan(20);
    for (const [p, h] of raw) expect(live.get(p), p).toBe(h);
    for (const p of ['chaos/2025-12-02/ledger.jsonl', 'ground_truth/2025-12-02/truth.json'])
      expect(live.get(p), p).toBe(files.tree.get(p));
  });

  it('keeps late telemetry rows in day order with several threads (one worker carries them)', async () => {
    const s = plant({ late_arrival: { rate: 0.01, days: [1, 2], sources: ['telemetry'] } });
    const [none, three] = [await run(s, 0, 'late'), await run(s, 3, 'late')];
    const late = readLedger(none.out, '2025-12-03').filter(
      (e) => e.type === 'late_arrival' && e.source === 'telemetry',
    );
    expect(late.length).toBeGreaterThan(500);
    expect(late.every((e) => e.event_date < '2025-12-03')).toBe(true);
    expect([...three.tree]).toEqual([...none.tree]);
  });

  it("fails the run with the worker's error, and stops its threads", async () => {
    const out = tempDir('threads-fail');
    dirs.push(out);
    // A fault point inside the worker's day (workers get the environment at their start).
    process.env.IRONWORKS_FAULTS = 'sim.telemetry:2025-12-02';
    try {
      await expect(
        simulate({ scenario: plant(), start: '2025-12-01', days: 3, seed: 42, out, threads: 2 }),
      ).rejects.toThrow('injected fault at sim.telemetry (2025-12-02)');
    } finally {
      delete process.env.IRONWORKS_FAULTS;
    }
    // Day 1 was written; the failed day has no telemetry, and the other worker finished what it was
    // writing before it ended: no temporary file is left behind.
    const files = [...hashTree(out).keys()];
    expect(files).toContain('raw_data/2025-12-01/telemetry.jsonl');
    expect(files).not.toContain('raw_data/2025-12-02/telemetry.jsonl');
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
