/**
 * The runner on a tiny project in a real DuckDB file: order, selection, materializations, incremental
 * days, SCD2 snapshots, tests that block what depends on them, and the run log.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { landWithMetadata } from '../../../src/lake/bronze/upgrade.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { select } from '../../../src/transform/dag.ts';
import { lineage } from '../../../src/transform/lineage.ts';
import { DEFAULT_MODELS_DIR, loadProject, ProjectError } from '../../../src/transform/project.ts';
import { build } from '../../../src/transform/runner.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

let dir: ReturnType<typeof tempDir>;
let wh: Warehouse;

function write(rel: string, text: string): void {
  const p = join(dir.path, 'models', rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

/** A miniature bronze → silver → gold project over one source table. */
function project(): void {
  write(
    'staging/_sources.yml',
    'sources:\n  - name: raw\n    tables:\n      - name: events\n        columns: [id, day, amount, extra_col]\n',
  );
  write(
    'staging/stg_raw__events.sql',
    'SELECT id, day::DATE AS event_date, amount::INTEGER AS amount FROM bronze.events_current',
  );
  write(
    'intermediate/int_events.sql',
    '-- config: materialized=incremental; partition_by=event_date; lookback_days=1\nSELECT * FROM silver.stg_raw__events WHERE amount IS NOT NULL',
  );
  write(
    'marts/fct_daily.sql',
    'SELECT event_date, sum(amount) AS total, count(*) AS n FROM silver.int_events GROUP BY 1',
  );
  write(
    'marts/_marts.yml',
    'models:\n  - name: fct_daily\n    columns:\n      - name: event_date\n        tests: [unique, not_null]\n      - name: total\n        tests: [{ range: { min: 0 } }]\n',
  );
  write('marts/fct_downstream.sql', 'SELECT * FROM gold.fct_daily');
}

const readDaily = () =>
  'SELECT event_date, sum(amount) AS total, count(*) AS n FROM silver.int_events GROUP BY 1';

async function land(rowsText: string[], day: string): Promise<void> {
  // Rows as bronze holds them (text), with a manifest row so incremental models see a new load.
  const values = rowsText
    .map((r, i) => `(${r}, 'l', 'S/raw_data/${day}/e.csv', ${i + 1}, 'x', DATE '${day}', now())`)
    .join(', ');
  await landWithMetadata(
    wh.conn,
    'events',
    `(VALUES ${values}) v(id, day, amount, _load_id, _source_file, _ordinal, _file_sha256, _logical_date, _ingested_at)`,
  );
  await wh.conn.run(
    `INSERT OR REPLACE INTO ops.file_manifest VALUES ('S/raw_data/${day}/e.csv', '.', 'raw', 'events', DATE '${day}', 1, 1, 'x', 'l', 'SUCCESS', false, ${rowsText.length}, 0, now())`,
  );
}

beforeEach(async () => {
  dir = tempDir('runner');
  project();
  wh = await Warehouse.open(join(dir.path, 'w.duckdb'), 'test');
  const p = loadProject(join(dir.path, 'models'));
  // Sources are declared: the runner creates bronze.events (and its _current view) before any model.
  await build(wh, p, { select: ['stg_raw__events'] });
});

afterEach(async () => {
  await wh.close();
  dir.remove();
});

describe('model runner', () => {
  it('orders models by dependency and selects like dbt', () => {
    const p = loadProject(join(dir.path, 'models'));
    const names = (sel?: string[]) => select(p, sel).map((m) => m.name);
    expect(names()).toEqual(['stg_raw__events', 'int_events', 'fct_daily', 'fct_downstream']);
    expect(names(['fct_daily'])).toEqual(['fct_daily']);
    expect(names(['+fct_daily'])).toEqual(['stg_raw__events', 'int_events', 'fct_daily']);
    expect(names(['int_events+'])).toEqual(['int_events', 'fct_daily', 'fct_downstream']);
    expect(names(['path:marts'])).toEqual(['fct_daily', 'fct_downstream']);
    expect(() => names(['nope'])).toThrow(/no model named "nope"/);
    const l = lineage(p);
    expect(l.edges).toContainEqual({ from: 'bronze.events', to: 'silver.stg_raw__events' });
    expect(l.edges).toContainEqual({ from: 'silver.int_events', to: 'gold.fct_daily' });
  });

  it('rejects a cycle with the path', () => {
    write('marts/a.sql', 'SELECT * FROM gold.b');
    write('marts/b.sql', 'SELECT * FROM gold.a');
    expect(() => select(loadProject(join(dir.path, 'models')), [])).toThrow(ProjectError);
  });

  it('builds incrementally: only affected days (with lookback) are rebuilt, same result as a full build', async () => {
    const p = loadProject(join(dir.path, 'models'));
    await land(["'a', '2025-12-01', '5'", "'b', '2025-12-02', '7'"], '2025-12-02');
    const first = await build(wh, p);
    expect(first.models.find((m) => m.model === 'int_events')?.mode).toBe('full');
    await land(["'c', '2025-12-03', '1'", "'d', '2025-12-01', '2'"], '2025-12-03');
    const second = await build(wh, p);
    const inc = second.models.find((m) => m.model === 'int_events');
    expect(inc?.mode).toBe('incremental');
    expect(inc?.affectedDays).toEqual(['2025-12-02', '2025-12-03']);
    // The late row for 12-01 is outside the lookback of 1 day: an incremental build cannot see it…
    const daily = async () =>
      rows<{ d: string; t: string }>(
        wh,
        'SELECT event_date::VARCHAR AS d, total AS t FROM gold.fct_daily ORDER BY 1',
      );
    expect(await daily()).toEqual([
      { d: '2025-12-01', t: '5' },
      { d: '2025-12-02', t: '7' },
      { d: '2025-12-03', t: '1' },
    ]);
    // …and a full refresh does: lookback windows must cover how late data can be.
    await build(wh, p, { fullRefresh: true });
    expect((await daily())[0]).toEqual({ d: '2025-12-01', t: '7' });
    const third = await build(wh, p);
    expect(third.models.find((m) => m.model === 'int_events')?.mode).toBe('up_to_date');
    const log = await rows<{ n: string }>(
      wh,
      `SELECT count(*) AS n FROM ops.model_runs WHERE model = 'int_events'`,
    );
    expect(Number(log[0]?.n)).toBe(3 + 1);
  });

  it('builds a batch_days model in batches of days, equal to one statement, keeping rows outside them', async () => {
    write(
      'intermediate/int_events.sql',
      '-- config: materialized=incremental; partition_by=event_date; lookback_days=1; batch_days=1\nSELECT * FROM silver.stg_raw__events WHERE amount IS NOT NULL',
    );
    const p = loadProject(join(dir.path, 'models'));
    // Days before, inside and after the loaded ones, and a row with no day at all.
    await land(["'a', '2025-12-01', '5'", "'b', '2025-12-02', '7'", "'n', NULL, '3'"], '2025-12-02');
    await land(["'c', '2025-12-03', '1'", "'o', '2025-10-01', '4'", "'f', '2026-02-01', '6'"], '2025-12-03');
    const r = await build(wh, p, { fullRefresh: true });
    expect(r.models.find((m) => m.model === 'int_events')?.mode).toBe('full');
    const all = 'SELECT id, event_date::VARCHAR AS d, amount FROM';
    expect(await rows(wh, `${all} silver.int_events ORDER BY id`)).toEqual(
      await rows(wh, `${all} silver.stg_raw__events WHERE amount IS NOT NULL ORDER BY id`),
    );
    expect(await rows(wh, 'SELECT count(*)::INTEGER AS n FROM silver.int_events')).toEqual([{ n: 6 }]);
    write('marts/bad.sql', '-- config: batch_days=2\nSELECT 1 AS x');
    expect(() => loadProject(join(dir.path, 'models'))).toThrow(
      /batch_days applies to incremental models only/,
    );
  });

  it('skips what no new data reaches, and passes on only the days a table really changed', async () => {
    // fct_daily as a partition-aware table: rebuilt whole, fingerprinted per day; fct_twice reads
    // it incrementally and must rebuild only from the first day whose content changed.
    write('marts/fct_daily.sql', `-- config: materialized=table; partition_by=event_date\n${readDaily()}`);
    write(
      'marts/fct_twice.sql',
      '-- config: materialized=incremental; partition_by=event_date; lookback_days=0\nSELECT event_date, 2 * total AS twice FROM gold.fct_daily WHERE silver.in_window(event_date, 0)',
    );
    write(
      'macros/incremental.sql',
      readFileSync(join(DEFAULT_MODELS_DIR, 'macros', 'incremental.sql'), 'utf8'),
    );
    const p = loadProject(join(dir.path, 'models'));
    await land(["'a', '2025-12-01', '5'", "'b', '2025-12-02', '7'"], '2025-12-02');
    await build(wh, p);
    await land(["'c', '2025-12-04', '1'"], '2025-12-04');
    const second = await build(wh, p);
    const of = (name: string) => second.models.find((m) => m.model === name);
    // int_events (lookback 1) rebuilds 12-03 on; fct_daily's days before 12-04 came out the same
    expect(of('int_events')?.affectedDays[0]).toBe('2025-12-03');
    expect(of('fct_twice')?.mode).toBe('incremental');
    expect(of('fct_twice')?.affectedDays[0]).toBe('2025-12-04');
    expect(
      await rows(wh, 'SELECT event_date::VARCHAR AS d, twice::INTEGER AS t FROM gold.fct_twice ORDER BY 1'),
    ).toEqual([
      { d: '2025-12-01', t: 10 },
      { d: '2025-12-02', t: 14 },
      { d: '2025-12-04', t: 2 },
    ]);
    // nothing new: every model is skipped
    const third = await build(wh, p);
    expect(third.models.map((m) => m.mode)).toEqual(third.models.map(() => 'up_to_date'));
    // a model whose SQL changed is rebuilt from scratch, and so is what reads it
    write(
      'marts/fct_daily.sql',
      `-- config: materialized=table; partition_by=event_date\n${readDaily()} -- edited`,
    );
    const fourth = await build(wh, loadProject(join(dir.path, 'models')));
    expect(fourth.models.find((m) => m.model === 'fct_daily')?.mode).toBe('full');
    expect(fourth.models.find((m) => m.model === 'fct_twice')?.mode).toBe('full');
    expect(fourth.models.find((m) => m.model === 'int_events')?.mode).toBe('up_to_date');
  });

  it('blocks what depends on a model that fails an error test, and records the failure with a sample', async () => {
    await land(["'a', '2025-12-01', '-5'"], '2025-12-01');
    const r = await build(wh, loadProject(join(dir.path, 'models')));
    const daily = r.models.find((m) => m.model === 'fct_daily');
    expect(daily?.tests.find((t) => t.type === 'range')?.status).toBe('FAIL');
    expect(r.models.find((m) => m.model === 'fct_downstream')?.status).toBe('SKIPPED');
    expect(r.testsFailed).toBe(1);
    const audit = await rows<{ check_name: string; status: string; details: string }>(
      wh,
      `SELECT check_name, status, details::VARCHAR AS details FROM ops.data_quality_audit WHERE status = 'FAIL'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.check_name).toBe('range_fct_daily__total');
    expect(JSON.parse(audit[0]?.details ?? '{}').sample[0].total).toBe('-5');
  });

  it('turns a warn-severity failure into a warning that blocks nothing', async () => {
    write(
      'marts/_marts.yml',
      'models:\n  - name: fct_daily\n    columns:\n      - name: total\n        tests: [{ range: { min: 0, severity: warn } }]\n',
    );
    await land(["'a', '2025-12-01', '-5'"], '2025-12-01');
    const r = await build(wh, loadProject(join(dir.path, 'models')));
    expect(r.testsWarned).toBe(1);
    expect(r.testsFailed).toBe(0);
    expect(r.models.find((m) => m.model === 'fct_downstream')?.status).toBe('SUCCESS');
  });

  it('builds SCD2 snapshots from history, the same however often it is built', async () => {
    write(
      'snapshots/snap_thing.sql',
      `-- config: materialized=snapshot; unique_key=id; updated_at=seen
       SELECT * FROM (VALUES ('m1', DATE '2025-12-01', 'L1'), ('m1', DATE '2025-12-02', 'L1'), ('m1', DATE '2025-12-03', 'L2'),
                             ('m2', DATE '2025-12-01', 'L1')) t(id, seen, line)`,
    );
    const p = loadProject(join(dir.path, 'models'));
    await build(wh, p, { select: ['snap_thing'] });
    await build(wh, p, { select: ['snap_thing'] });
    const v = await rows(
      wh,
      'SELECT id, line, valid_from::VARCHAR AS f, valid_to::VARCHAR AS t, is_current AS c FROM silver.snap_thing ORDER BY id, f',
    );
    expect(v).toEqual([
      { id: 'm1', line: 'L1', f: '2025-12-01', t: '2025-12-03', c: false },
      { id: 'm1', line: 'L2', f: '2025-12-03', t: null, c: true },
      { id: 'm2', line: 'L1', f: '2025-12-01', t: null, c: true },
    ]);
  });

  it('says which model and which part of its SQL failed, and skips its dependents', async () => {
    write('intermediate/int_events.sql', 'SELECT no_such_column FROM silver.stg_raw__events');
    const r = await build(wh, loadProject(join(dir.path, 'models')));
    const bad = r.models.find((m) => m.model === 'int_events');
    expect(bad?.status).toBe('ERROR');
    expect(bad?.error).toMatch(/no_such_column/);
    expect(r.models.filter((m) => m.status === 'SKIPPED').map((m) => m.model)).toEqual([
      'fct_daily',
      'fct_downstream',
    ]);
  });
});
