/**
 * Done-when 6: the `simulate` command. A malformed scenario YAML or a bad flag exits with code 2 and
 * a message naming the field (or flag) and the problem, and writes nothing; `--json` prints the run's
 * summary as valid JSON whose row and chaos counts are what the files and ledgers hold.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRA_FILES } from '../../../src/contracts/extras.ts';
import { SEED_FILES } from '../../../src/contracts/seed-drop.ts';
import { datesFrom, readLedger, readTruth, recordCount, removeDir, sum, tempDir } from './helpers.ts';

const ROOT = join(import.meta.dirname, '../../..');

function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['bin/ironworks.js', ...args], { cwd: ROOT, encoding: 'utf8' });
}

let dir: string;

beforeAll(() => {
  dir = tempDir('cli');
});

afterAll(() => removeDir(dir));

describe('ironworks simulate: usage errors exit 2 and say what is wrong', () => {
  it.each([
    {
      name: 'a rate out of range',
      yaml: 'extends: factorio\nchaos:\n  sensor_null: { rate: 1.5 }\n',
      expect: [/chaos\.sensor_null\.rate \(line 3\)/, /<=\s*1|too big/i],
    },
    {
      name: 'a value of the wrong type',
      yaml: 'extends: factorio\nrun:\n  days: seven\n',
      expect: [/run\.days \(line 3\)/, /expected number/],
    },
    {
      name: 'a machine fed from a buffer that does not exist',
      yaml: [
        'extends: factorio',
        'buffers:',
        '  - { id: ORE-YARD, item: iron_ore, capacity: 6000, initial: 3000, replenish_to: 3000 }',
        '  - { id: PLATE-STORE, item: iron_plate, capacity: 5000, initial: 300, ship_above: 600 }',
        '  - { id: GEARS, item: gear_wheel, capacity: 5000, initial: 0, ship_above: 0 }',
        '',
      ].join('\n'),
      expect: [/machines\[2\]/, /unknown buffer "GEAR-STORE"/],
    },
    {
      name: 'broken YAML syntax',
      yaml: 'name: factorio\nmachines: [unclosed\nformat: seed\n',
      expect: [/\(line \d+\)/, /flow sequence/i],
    },
  ])('a scenario with $name', (c) => {
    const file = join(dir, `bad-${c.name.replaceAll(' ', '-')}.yaml`);
    writeFileSync(file, c.yaml);
    const out = join(dir, `out-${c.name.replaceAll(' ', '-')}`);
    const r = cli('simulate', '--scenario', file, '--out', out);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(file);
    for (const re of c.expect) expect(r.stderr).toMatch(re);
    expect(r.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('a scenario that does not exist', () => {
    const r = cli('simulate', '--scenario', join(dir, 'nope.yaml'), '--out', join(dir, 'out-nope'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such scenario/);
  });

  it.each([
    { flag: '--days', value: '-3', problem: /positive integer/ },
    { flag: '--seed', value: 'x', problem: /whole number/ },
    { flag: '--start', value: '12/01/2025', problem: /date like 2025-12-01/ },
  ])('$flag $value', ({ flag, value, problem }) => {
    const out = join(dir, `out-flag${flag}`);
    const r = cli('simulate', '--scenario', 'factorio', flag, value, '--out', out);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain(value);
    expect(r.stderr).toMatch(problem);
    expect(existsSync(out)).toBe(false);
  });
});

describe('ironworks simulate --json', () => {
  let out: string;
  let r: SpawnSyncReturns<string>;
  let summary: {
    scenario: string;
    start: string;
    end: string;
    days: number;
    seed: number;
    rows: Record<string, number>;
    rowsTotal: number;
    chaos: Record<string, number>;
    truth: { batches: number; unitsProduced: number; unitsDefective: number; energyKwh: number };
  };
  const dates = datesFrom('2025-12-01', 3);

  beforeAll(() => {
    out = join(dir, 'json-run');
    r = cli('simulate', '--scenario', 'factorio', '--days', '3', '--seed', '7', '--out', out, '--json');
    summary = JSON.parse(r.stdout);
  });

  it('exits 0 and prints nothing but one JSON document', () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(summary).toMatchObject({
      scenario: 'factorio',
      start: '2025-12-01',
      end: '2025-12-03',
      days: 3,
      seed: 7,
    });
    expect(readdirSync(join(out, 'raw_data')).sort()).toEqual(dates);
  });

  it('reports the records written per source, as the files hold them', () => {
    const fileOf: Record<string, string> = { ...SEED_FILES, ...EXTRA_FILES };
    expect(Object.keys(summary.rows).sort()).toEqual(
      Object.keys(fileOf)
        .filter((s) => s !== 'telemetry')
        .sort(),
    );
    for (const [source, n] of Object.entries(summary.rows)) {
      const written = sum(dates.map((d) => recordCount(join(out, 'raw_data', d, fileOf[source] as string))));
      expect(n, source).toBe(written);
    }
    expect(summary.rowsTotal).toBe(sum(Object.values(summary.rows)));
  });

  it('reports the chaos injected per type, as the ledgers hold it', () => {
    const ledger = dates.flatMap((d) => readLedger(out, d));
    const byType: Record<string, number> = {};
    for (const e of ledger) byType[e.type] = (byType[e.type] ?? 0) + 1;
    expect(summary.chaos).toEqual(byType);
    expect(Object.keys(summary.chaos).length).toBeGreaterThanOrEqual(8);
  });

  it('reports the truth totals of the run', () => {
    const truths = dates.map((d) => readTruth(out, d));
    expect(summary.truth).toEqual({
      batches: sum(truths.map((t) => t.total_batches)),
      unitsProduced: sum(truths.map((t) => t.factory_totals.units_produced)),
      unitsDefective: sum(truths.map((t) => t.factory_totals.units_defective)),
      energyKwh: sum(truths.map((t) => Math.round(t.factory_totals.energy_consumed_kwh * 100))) / 100,
    });
  });
});
