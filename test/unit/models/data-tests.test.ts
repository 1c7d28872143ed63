/**
 * Every data-test type passes on good rows and fails on rows built to break it, through the
 * runner's build() on a tiny models project (test/fixtures/models/test-types).
 */

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { landWithMetadata } from '../../../src/lake/bronze/upgrade.ts';
import { literal } from '../../../src/lake/sql.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { loadProject } from '../../../src/transform/project.ts';
import { build } from '../../../src/transform/runner.ts';
import { TEST_TYPES } from '../../../src/transform/tests.ts';
import { tempDir } from '../../helpers/tmp.ts';

const MODELS = fileURLToPath(new URL('../../fixtures/models/test-types', import.meta.url));

let dir: ReturnType<typeof tempDir>;
let wh: Warehouse;

beforeEach(async () => {
  dir = tempDir('test-types');
  wh = await Warehouse.open(join(dir.path, 'w.duckdb'), 'test');
  await build(wh, loadProject(MODELS), { select: ['stg_things'] }); // creates bronze.things
});
afterEach(async () => {
  await wh.close();
  dir.remove();
});

/** Lands rows (id, kind, amount, day, parent) in a drop of `drop`, the newest day loaded. */
async function land(rows: (string | null)[][], drop: string): Promise<void> {
  const path = `S/raw_data/${drop}/things.csv`;
  const values = rows
    .map(
      (r, i) =>
        `(${r.map((v) => (v === null ? 'NULL' : literal(v))).join(', ')}, 'l', ${literal(path)}, ${i + 1}, 'x', DATE ${literal(drop)}, now())`,
    )
    .join(', ');
  await landWithMetadata(
    wh.conn,
    'things',
    `(VALUES ${values}) v(id, kind, amount, day, parent, _load_id, _source_file, _ordinal, _file_sha256, _logical_date, _ingested_at)`,
  );
  await wh.conn.run(
    `INSERT INTO ops.file_manifest VALUES (${literal(path)}, '.', 'fixture', 'things', DATE ${literal(drop)}, 1, 1, 'x', 'l', 'SUCCESS', false, ${rows.length}, 0, now())`,
  );
}

async function results(): Promise<Record<string, string>> {
  const s = await build(wh, loadProject(MODELS));
  const fct = s.models.find((m) => m.model === 'fct_things');
  return Object.fromEntries((fct?.tests ?? []).map((t) => [t.type, t.status]));
}

describe('data tests', () => {
  it('all pass on rows that keep every rule', async () => {
    await land(
      [
        ['1', 'a', '10', '2025-12-10', 'P1'],
        ['2', 'b', '20', '2025-12-09', 'P2'],
      ],
      '2025-12-10',
    );
    const r = await results();
    expect(Object.keys(r).sort()).toEqual([...TEST_TYPES].sort());
    expect(Object.values(r).every((s) => s === 'PASS')).toBe(true);
  });

  it('each type fails on a row built to break it', async () => {
    await land(
      [
        ['1', 'a', '10', '2025-12-01', 'P1'],
        ['1', 'c', '-5', '2025-12-01', 'P9'], // duplicate id, unknown kind, negative, odd, no parent P9
        ['2', null, '101', '2025-12-01', 'P1'], // null kind, above max, odd; third row: too many rows
      ],
      '2025-12-10', // newest drop 9 days after the newest row: stale
    );
    const r = await results();
    expect(r).toEqual(Object.fromEntries(TEST_TYPES.map((t) => [t, 'FAIL'])));
    const failing = await wh.query<{ test_type: string; failing_rows: bigint }>(
      `SELECT test_type, failing_rows FROM ops.data_quality_audit WHERE model = 'fct_things' AND status = 'FAIL' ORDER BY test_type`,
    );
    expect(Object.fromEntries(failing.map((f) => [f.test_type, Number(f.failing_rows)]))).toEqual({
      accepted_values: 1,
      expression: 2,
      freshness: 1,
      not_null: 1,
      range: 2,
      relationships: 1,
      row_count: 1,
      unique: 1,
    });
  });

  it("builds a relationships test's target before the tested model, whatever their names", () => {
    const p = loadProject(MODELS);
    const fct = p.models.get('fct_things');
    expect(fct?.testDependsOn).toEqual(['gold.zz_parents']);
    expect(fct?.dependsOn).toEqual(['silver.stg_things']);
  });
});
