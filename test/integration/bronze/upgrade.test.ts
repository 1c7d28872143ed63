/**
 * A warehouse from before bronze was stored slim: its bronze tables hold the metadata on every row.
 * Opening it moves them to bronze_store and slices without losing or changing a row, and the views
 * (every load, and each file's current load) show what the old table and view showed.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

const dir = tempDir('bronze-upgrade');
afterAll(() => dir.remove());

/** The old layout, as `ensureBronzeTable` made it: source columns, six metadata, then drift. */
async function writeOldWarehouse(file: string): Promise<void> {
  const wh = await Warehouse.open(file, 'test');
  await wh.close();
  const inst = await DuckDBInstance.create(file);
  const c = await inst.connect();
  await c.run(`DROP SCHEMA bronze_store CASCADE`);
  await c.run(`CREATE SCHEMA bronze_store`);
  await c.run(`DROP SEQUENCE ops.bronze_slice_seq CASCADE`);
  await c.run(`DROP TABLE ops.bronze_slices`);
  await c.run(
    `CREATE TABLE bronze.readings (machine VARCHAR, value VARCHAR, _load_id VARCHAR, _source_file VARCHAR,
       _ordinal BIGINT, _file_sha256 VARCHAR, _logical_date DATE, _ingested_at TIMESTAMPTZ, late_col VARCHAR)`,
  );
  await c.run(
    `CREATE VIEW bronze.readings_current AS SELECT t.* FROM bronze.readings t
     JOIN ops.current_file_loads c ON c.path = t._source_file AND c.load_id = t._load_id AND c.target_table = 'readings'`,
  );
  // Two loads of day 1 (the second current), one of day 2 with a drifted column, stream rows without a hash.
  await c.run(
    `INSERT INTO bronze.readings VALUES
       ('M1', '1', 'p::a', 'd1.jsonl', 1, 'aa', DATE '2025-12-01', TIMESTAMPTZ '2025-12-02 00:00:00+00', NULL),
       ('M1', '2', 'p::a', 'd1.jsonl', 2, 'aa', DATE '2025-12-01', TIMESTAMPTZ '2025-12-02 00:00:00+00', NULL),
       ('M1', '1', 'p::b', 'd1.jsonl', 1, 'bb', DATE '2025-12-01', TIMESTAMPTZ '2025-12-03 00:00:00+00', NULL),
       ('M2', NULL, 'p::b', 'd2.jsonl', 1, 'cc', DATE '2025-12-02', TIMESTAMPTZ '2025-12-03 00:00:00+00', 'x'),
       ('M3', '7', 'stream::S', 'F/stream/S/2025-12-02', 4, NULL, DATE '2025-12-02', TIMESTAMPTZ '2025-12-03 00:00:01+00', NULL),
       ('M3', '8', 'stream::S', 'F/stream/S/2025-12-02', 5, NULL, DATE '2025-12-02', TIMESTAMPTZ '2025-12-03 00:00:02+00', NULL)`,
  );
  const manifest = (path: string, load: string, at: string) =>
    `(${`'${path}'`}, 'src', 'seed_drop', 'readings', NULL, 1, 0, 'h', '${load}', 'SUCCESS', false, 1, 0, TIMESTAMPTZ '${at}')`;
  await c.run(
    `INSERT INTO ops.file_manifest VALUES ${[
      manifest('d1.jsonl', 'p::a', '2025-12-02 00:00:00+00'),
      manifest('d1.jsonl', 'p::b', '2025-12-03 00:00:00+00'),
      manifest('d2.jsonl', 'p::b', '2025-12-03 00:00:00+00'),
      manifest('F/stream/S/2025-12-02', 'stream::S', '2025-12-03 00:00:02+00'),
    ].join(', ')}`,
  );
  c.closeSync();
  inst.closeSync();
}

describe('opening a warehouse with old-layout bronze tables', () => {
  it('moves them to bronze_store and slices, and the views show the same rows', async () => {
    const file = join(dir.path, 'old.duckdb');
    await writeOldWarehouse(file);
    const inst = await DuckDBInstance.create(file);
    const c = await inst.connect();
    const hash = async (sql: string) =>
      (
        await c.runAndReadAll(
          `SELECT md5(string_agg(r::VARCHAR, '|' ORDER BY r::VARCHAR)) AS h FROM (${sql}) r`,
        )
      ).getRowObjectsJS()[0]?.h;
    const order = `machine, value, late_col, _load_id, _source_file, _ordinal, _file_sha256, _logical_date, _ingested_at`;
    const all = await hash(`SELECT ${order} FROM bronze.readings`);
    const current = await hash(`SELECT ${order} FROM bronze.readings_current`);
    c.closeSync();
    inst.closeSync();

    const wh = await Warehouse.open(file, 'test');
    try {
      const kinds = await rows<{ s: string; t: string; k: string }>(
        wh,
        `SELECT table_schema AS s, table_name AS t, table_type AS k FROM information_schema.tables
         WHERE table_name LIKE 'readings%' ORDER BY 1, 2`,
      );
      expect(kinds).toEqual([
        { s: 'bronze', t: 'readings', k: 'VIEW' },
        { s: 'bronze', t: 'readings_current', k: 'VIEW' },
        { s: 'bronze_store', t: 'readings', k: 'BASE TABLE' },
      ]);
      const h = async (sql: string) =>
        (
          await rows<{ h: string }>(
            wh,
            `SELECT md5(string_agg(r::VARCHAR, '|' ORDER BY r::VARCHAR)) AS h FROM (${sql}) r`,
          )
        )[0]?.h;
      expect(await h(`SELECT ${order} FROM bronze.readings`)).toBe(all);
      expect(await h(`SELECT ${order} FROM bronze.readings_current`)).toBe(current);
      expect((await rows(wh, `SELECT count(*)::INT AS n FROM bronze.readings_current`))[0]).toEqual({ n: 4 });
      // One slice per distinct (load, file, hash, day, time): the two stream rows came at two times.
      expect((await rows(wh, `SELECT count(*)::INT AS n FROM ops.bronze_slices`))[0]).toEqual({ n: 5 });
      expect(
        await rows(wh, `SELECT name FROM pragma_table_info('bronze_store.readings') ORDER BY cid`),
      ).toEqual(['machine', 'value', 'late_col', '_slice', '_ordinal'].map((name) => ({ name })));
    } finally {
      await wh.close();
    }
    // Opening again finds nothing more to move and changes nothing.
    const again = await Warehouse.open(file, 'test');
    try {
      const [r] = await rows<{ h: string }>(
        again,
        `SELECT md5(string_agg(r::VARCHAR, '|' ORDER BY r::VARCHAR)) AS h FROM (SELECT ${order} FROM bronze.readings) r`,
      );
      expect(r?.h).toBe(all);
      expect((await rows(again, `SELECT count(*)::INT AS n FROM ops.bronze_slices`))[0]).toEqual({ n: 5 });
    } finally {
      await again.close();
    }
  });

  it('refuses, by name, a bronze table that lacks the metadata columns', async () => {
    const file = join(dir.path, 'foreign.duckdb');
    const wh = await Warehouse.open(file, 'test');
    await wh.conn.run(`CREATE TABLE bronze.mine (a VARCHAR)`);
    await wh.close();
    await expect(Warehouse.open(file, 'test')).rejects.toThrow(
      /bronze\.mine is a table without bronze's metadata columns/,
    );
  });
});
