/**
 * Each monitoring check fires on a fixture built for it and stays quiet on clean data. Fixtures are
 * real bronze tables, manifest and audit rows in a DuckDB file.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBronzeTable } from '../../../src/lake/bronze/table.ts';
import { landWithMetadata } from '../../../src/lake/bronze/upgrade.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { type MonitorResult, monitor } from '../../../src/quality/monitor.ts';
import { tempDir } from '../../helpers/tmp.ts';

let dir: ReturnType<typeof tempDir>;
let wh: Warehouse;

const day = (n: number) =>
  new Date(Date.parse('2025-12-01T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);

/** A day of `rows` records in bronze.readings (`nulls` of them with a NULL value), with manifest and audit rows. */
async function landDay(n: number, rows: number, nulls = 0, balanced = true): Promise<void> {
  const d = day(n);
  const file = `F/raw_data/${d}/readings.csv`;
  await landWithMetadata(
    wh.conn,
    'readings',
    `(SELECT 'M1' AS machine_id, CASE WHEN i < ${nulls} THEN NULL ELSE '1.5' END AS value, 'ingest::${d}' AS _load_id,
             '${file}' AS _source_file, i + 1 AS _ordinal, 'x' AS _file_sha256, DATE '${d}' AS _logical_date, now() AS _ingested_at
      FROM range(${rows}) t(i))`,
  );
  await wh.conn.run(
    `INSERT INTO ops.file_manifest VALUES ('${file}', '.', 'seed_drop', 'readings', DATE '${d}', 1, 1, 'x', 'ingest::${d}', 'SUCCESS', false, ${rows}, 0, now())`,
  );
  await wh.conn.run(
    `INSERT INTO ops.raw_load_audit VALUES ('ingest::${d}', now(), 'ingest', '${d}', 'load_readings', DATE '${d}', 'seed_drop', '${file}', 'readings',
       ${balanced ? rows : rows + 3}, ${rows}, 0, 'SUCCESS', NULL, false, 'x', now(), now())`,
  );
}

const failing = (r: MonitorResult) => r.checks.filter((c) => c.status !== 'PASS').map((c) => c.check);

beforeEach(async () => {
  dir = tempDir('monitor');
  wh = await Warehouse.open(join(dir.path, 'w.duckdb'), 'test');
  await ensureBronzeTable(wh.conn, 'readings', ['machine_id', 'value']);
  for (let n = 0; n < 10; n++) await landDay(n, 100 + (n % 3));
  for (let n = 0; n < 10; n++) await monitor(wh.conn, day(n), `m${n}`);
});

afterEach(async () => {
  await wh.close();
  dir.remove();
});

describe('monitoring checks', () => {
  it('stays quiet on clean data and scores the run 1.0', async () => {
    await landDay(10, 101);
    const r = await monitor(wh.conn, day(10), 'clean');
    expect(failing(r)).toEqual([]);
    expect(r.score).toBe(1);
  });

  it('flags a volume anomaly (z-score over the last 14 days)', async () => {
    await landDay(10, 1000);
    const r = await monitor(wh.conn, day(10), 'spike');
    expect(failing(r)).toEqual(['volume_anomaly:readings']);
    expect(r.checks.find((c) => c.check === 'volume_anomaly:readings')?.details.z).toBeGreaterThan(3);
    expect(r.score).toBeLessThan(1);
  });

  it('flags a schema change: a column that was not there at the last check', async () => {
    await ensureBronzeTable(wh.conn, 'readings', ['machine_id', 'value', 'firmware']);
    await landDay(10, 100);
    const r = await monitor(wh.conn, day(10), 'drift');
    expect(failing(r)).toEqual(['schema_change:readings']);
    expect(r.checks.find((c) => c.check === 'schema_change:readings')?.details.new_columns).toEqual([
      'firmware',
    ]);
  });

  it('flags a rise in a column’s null rate', async () => {
    await landDay(10, 100, 60);
    const r = await monitor(wh.conn, day(10), 'nulls');
    expect(failing(r)).toEqual(['null_rate_change:readings.value']);
  });

  it('flags a load whose counts do not balance', async () => {
    await landDay(10, 100, 0, false);
    const r = await monitor(wh.conn, day(10), 'unbalanced');
    expect(failing(r)).toEqual(['raw_load_balance']);
    expect(r.failedErrors).toBe(1);
  });

  it('explains row counts raw → silver → gold (duplicates dropped) and flags a loss it cannot explain', async () => {
    const d = day(10);
    await ensureBronzeTable(wh.conn, 'production_batches', ['batch_id']);
    const file = `F/raw_data/${d}/production_batches.csv`;
    await landWithMetadata(
      wh.conn,
      'production_batches',
      `(VALUES ('B1', 'l', '${file}', 1, 'x', DATE '${d}', now()), ('B1', 'l', '${file}', 2, 'x', DATE '${d}', now()), ('B2', 'l', '${file}', 3, 'x', DATE '${d}', now()))
         v(batch_id, _load_id, _source_file, _ordinal, _file_sha256, _logical_date, _ingested_at)`,
    );
    await wh.conn.run(
      `INSERT INTO ops.file_manifest VALUES ('${file}', '.', 'seed_drop', 'production_batches', DATE '${d}', 1, 1, 'x', 'l', 'SUCCESS', false, 3, 0, now())`,
    );
    await wh.conn.run(
      `CREATE TABLE silver.int_production_batches AS SELECT * FROM (VALUES ('B1', '${file}', 1, DATE '${d}'), ('B2', '${file}', 3, DATE '${d}')) t(batch_id, _source_file, _ordinal, _logical_date)`,
    );
    await wh.conn.run(
      `CREATE TABLE gold.fct_production_batch AS SELECT batch_id, _logical_date AS drop_date FROM silver.int_production_batches`,
    );
    await landDay(10, 101);
    const ok = await monitor(wh.conn, d, 'rows-ok');
    const check = ok.checks.find((c) => c.check === 'row_counts:production_batches');
    expect(check?.status).toBe('PASS');
    expect(check?.details).toMatchObject({
      bronze: 3,
      duplicates_dropped: 1,
      silver: 2,
      gold: 2,
      unexplained: 0,
    });
    await wh.conn.run(`DELETE FROM gold.fct_production_batch WHERE batch_id = 'B2'`);
    const lost = await monitor(wh.conn, d, 'rows-lost');
    expect(failing(lost)).toEqual(['row_counts:production_batches']);
    expect(lost.failedErrors).toBe(1);
  });

  it('writes every check and the score to ops.data_quality_audit', async () => {
    await landDay(10, 100);
    await monitor(wh.conn, day(10), 'audit');
    const rows = (
      await wh.conn.runAndReadAll(
        `SELECT check_name, status FROM ops.data_quality_audit WHERE invocation_id = 'audit' ORDER BY 1`,
      )
    ).getRowObjectsJS();
    expect(rows.map((r) => r.check_name)).toContain('monitor_score');
    expect(rows.length).toBeGreaterThanOrEqual(5);
  });
});
