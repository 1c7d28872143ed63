/**
 * Incremental builds give the gold a full build gives. factorio (default chaos: late records 1–2
 * days late, duplicate batches, QC checks written in UTC whose day moves across midnight, °F days,
 * master-data changes for the SCD2 snapshot, rolling windows such as the 14-day degradation trend and
 * the 24-hour ML features) is ingested and built day by day, as the daily pipeline does; after
 * the last day's incremental build every gold table must equal a build from scratch of the same
 * drop. The last drop holds late records, and the incremental build must really be one: most models
 * rebuild a few days or nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { loadProject } from '../../../src/transform/project.ts';
import { type BuildSummary, build } from '../../../src/transform/runner.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

const DAYS = 7;
const dir = tempDir('incremental');
const drop = join(dir.path, 'drop');
const project = loadProject();
let dates: string[];
let daily: Warehouse;
let whole: Warehouse;
let lastBuild: BuildSummary;
const perDay: BuildSummary[] = [];

/**
 * Per gold table: row count and an order-independent hash of the rows. DOUBLE columns are taken to
 * 12 significant digits: a sum of doubles depends on the order DuckDB adds them in.
 */
async function goldPrints(wh: Warehouse): Promise<Record<string, string>> {
  const cols = await rows<{ t: string; c: string; type: string }>(
    wh,
    `SELECT c.table_name AS t, c.column_name AS c, c.data_type AS type
     FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = 'gold' AND t.table_type = 'BASE TABLE' ORDER BY 1, c.ordinal_position`,
  );
  const exprs = new Map<string, string[]>();
  for (const { t, c, type } of cols) {
    const q = `"${c.replaceAll('"', '""')}"`;
    exprs.set(t, [...(exprs.get(t) ?? []), /^(DOUBLE|FLOAT|REAL)$/.test(type) ? `printf('%.12g', ${q})` : q]);
  }
  const out: Record<string, string> = {};
  for (const [t, e] of exprs) {
    const [r] = await rows<{ n: string; h: string }>(
      wh,
      `SELECT count(*)::VARCHAR AS n, coalesce(sum(hash(row(${e.join(', ')})))::HUGEINT, 0)::VARCHAR AS h FROM gold."${t}"`,
    );
    out[t] = `${r?.n} rows, ${r?.h}`;
  }
  return out;
}

beforeAll(async () => {
  const sim = cli([
    'simulate',
    '--scenario',
    'factorio',
    '--days',
    String(DAYS),
    '--seed',
    '7',
    '--out',
    drop,
  ]);
  expect(sim.code, sim.stderr).toBe(0);
  dates = readdirSync(join(drop, 'raw_data')).sort();
  daily = await Warehouse.open(join(dir.path, 'daily.duckdb'), 'test');
  for (const d of dates) {
    await ingest(daily, { sourceDir: drop, date: d });
    perDay.push(await build(daily, project, { test: false }));
  }
  lastBuild = perDay.at(-1) as BuildSummary;
  whole = await Warehouse.open(join(dir.path, 'whole.duckdb'), 'test');
  await ingest(whole, { sourceDir: drop });
  await build(whole, project, { test: false });
}, 600_000);

afterAll(async () => {
  await daily?.close();
  await whole?.close();
  dir.remove();
});

describe('incremental builds', () => {
  it('build without errors, every day', () => {
    for (const s of perDay)
      expect(s.models.filter((m) => m.error).map((m) => `${m.model}: ${m.error}`)).toEqual([]);
  });

  it('give every gold table exactly as a full build of the same drop', async () => {
    const a = await goldPrints(daily);
    const b = await goldPrints(whole);
    expect(Object.keys(b).length).toBeGreaterThanOrEqual(30);
    const differ = Object.keys(b).filter((t) => a[t] !== b[t]);
    expect(differ.map((t) => `${t}: ${a[t]} incremental vs ${b[t]} full`)).toEqual([]);
  });

  it('the last day brings late records, QC checks read as UTC and duplicates', async () => {
    const last = dates.at(-1) as string;
    const ledger = readFileSync(join(drop, 'chaos', last, 'ledger.jsonl'), 'utf8');
    expect(ledger).toContain('"late_arrival"');
    const [late] = await rows<{ n: number }>(
      daily,
      `SELECT count(*)::INTEGER AS n FROM gold.fct_production_batch WHERE drop_date = DATE '${last}' AND is_late`,
    );
    expect(late?.n).toBeGreaterThan(0);
    const [moved] = await rows<{ n: number }>(
      daily,
      `SELECT count(*)::INTEGER AS n FROM gold.fct_quality_check WHERE is_tz_corrected`,
    );
    expect(moved?.n).toBeGreaterThan(0);
    const [dups] = await rows<{ n: number }>(
      daily,
      `SELECT count(*)::INTEGER AS n FROM gold.fct_production_batch WHERE is_duplicated`,
    );
    expect(dups?.n).toBeGreaterThan(0);
  });

  it('is incremental: facts rebuild from the late records’ day, untouched models are skipped', () => {
    const mode = (name: string) => lastBuild.models.find((m) => m.model === name)?.mode;
    for (const name of [
      'fct_production_batch',
      'fct_machine_state',
      'kpi_oee_machine_day',
      'kpi_ml_features_machine_hour',
    ])
      expect(mode(name), name).toBe('incremental');
    const batches = lastBuild.models.find((m) => m.model === 'int_production_batches');
    // the late records' day: at most two days back, never the whole history
    expect(batches?.affectedDays.length).toBeGreaterThan(0);
    expect(batches?.affectedDays.length).toBeLessThanOrEqual(3);
    // the widget plant's models have no new input on a factorio drop
    expect(mode('int_widgets__assemblies')).toBe('up_to_date');
    expect(mode('dim_factory')).toBe('up_to_date');
  });
});
