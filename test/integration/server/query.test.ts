/**
 * The query runner: values are bound (a quote is data, not SQL), rows come back as plain JSON,
 * a missing table is null until it exists, and parallel calls never mix their parameters.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryRunner } from '../../../src/server/query.ts';
import { tempDir } from '../../helpers/tmp.ts';

const dir = tempDir('query');
let instance: DuckDBInstance;
let q: QueryRunner;

beforeAll(async () => {
  const sql = join(dir.path, 'sql');
  mkdirSync(sql);
  writeFileSync(join(sql, 'by_name.sql'), 'SELECT id, name FROM t WHERE name = $name ORDER BY id');
  writeFileSync(join(sql, 'by_id.sql'), 'SELECT id, name FROM t WHERE id = $id');
  writeFileSync(
    join(sql, 'types.sql'),
    `SELECT 42::BIGINT AS big, 100000000000::HUGEINT AS huge, 2.50::DECIMAL(10,2) AS dec, DATE '2025-12-01' AS d,
            TIMESTAMPTZ '2025-12-01 06:00:00+00' AS ts, 'nan'::DOUBLE AS nan, NULL AS n, [1::BIGINT, 2] AS l`,
  );
  writeFileSync(join(sql, 'later.sql'), 'SELECT count(*) AS n FROM made_later');
  instance = await DuckDBInstance.create(join(dir.path, 'q.duckdb'));
  const conn = await instance.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  await conn.run(`CREATE TABLE t AS SELECT range AS id, 'name-' || range AS name FROM range(100)`);
  await conn.run(`INSERT INTO t VALUES (1000, 'o''brien'' OR 1=1 --')`);
  q = new QueryRunner(conn, sql);
});
afterAll(() => {
  q.close();
  instance.closeSync();
  dir.remove();
});

describe('QueryRunner', () => {
  it('binds values: a quote or a comment is data', async () => {
    expect(await q.run('by_name', { name: "x' OR '1'='1" })).toEqual([]);
    expect(await q.run('by_name', { name: "o'brien' OR 1=1 --" })).toEqual([
      { id: 1000, name: "o'brien' OR 1=1 --" },
    ]);
  });

  it('returns plain JSON: numbers, ISO dates and instants, null for NaN', async () => {
    expect(await q.one('types')).toEqual({
      big: 42,
      huge: 100000000000,
      dec: 2.5,
      d: '2025-12-01',
      ts: '2025-12-01T06:00:00.000Z',
      nan: null,
      n: null,
      l: [1, 2],
    });
  });

  it('answers null for a table that does not exist yet, rows once it does', async () => {
    expect(await q.run('later')).toBeNull();
    const c = await instance.connect();
    await c.run('CREATE TABLE made_later AS SELECT 1 AS x');
    c.closeSync();
    expect(await q.run('later')).toEqual([{ n: 1 }]);
  });

  it('refuses a missing parameter and a bad query name', async () => {
    await expect(q.run('by_id', {})).rejects.toThrow(/needs parameter \$id/);
    await expect(q.run('../etc', {})).rejects.toThrow(/not a query name/);
  });

  it('keeps parallel calls of one statement apart', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => i);
    const got = await Promise.all(ids.map((id) => q.one('by_id', { id })));
    expect(got.map((r) => r?.id)).toEqual(ids);
  });
});
