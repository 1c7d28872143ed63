/**
 * The seed plant end to end: simulate factorio for 30 days (default chaos, seed 42), ingest, build,
 * and prove gold against the ground truth exactly — batches, units, defective units and energy per
 * machine, per product and per day. Then the same drop ingested and built day by day must give the
 * same gold tables as one ingest and one build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayTruth } from '../../../src/contracts/truth.ts';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { loadProject } from '../../../src/transform/project.ts';
import { type BuildSummary, build } from '../../../src/transform/runner.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows, tableHash } from '../../helpers/warehouse.ts';

const DAYS = 30;
let dir: ReturnType<typeof tempDir>;
let drop: string;
let wh: Warehouse;
let summary: BuildSummary;

const project = loadProject();
const core = [...project.models.values()].filter((m) => m.path.includes('/marts/core/')).map((m) => m.name);
// gold.fct_production needs the widgets side of the shared contract; without it, leave it out
const gold = core.filter((n) => n !== 'fct_production' || project.models.has('int_production_runs__widgets'));
const selection = gold.map((n) => `+${n}`);

beforeAll(async () => {
  dir = tempDir('seed-truth');
  drop = join(dir.path, 'drop');
  const sim = cli([
    'simulate',
    '--scenario',
    'factorio',
    '--days',
    String(DAYS),
    '--seed',
    '42',
    '--out',
    drop,
    '--json',
  ]);
  expect(sim.code, sim.stderr).toBe(0);
  wh = await Warehouse.open(join(dir.path, 'whole.duckdb'), 'test');
  await ingest(wh, { sourceDir: drop });
  summary = await build(wh, project, { select: selection });
}, 120_000);

afterAll(async () => {
  await wh?.close();
  dir?.remove();
});

function truths(): DayTruth[] {
  return readdirSync(join(drop, 'ground_truth'))
    .sort()
    .map((d) => JSON.parse(readFileSync(join(drop, 'ground_truth', d, 'truth.json'), 'utf8')) as DayTruth);
}

interface Agg {
  batches: number;
  units_produced: number;
  units_defective: number;
  energy: number;
}

async function gathered(groupBy: string): Promise<Map<string, Agg>> {
  const r = await rows<{ d: string; k: string; b: string; u: string; x: string; e: string }>(
    wh,
    `SELECT event_date::VARCHAR AS d, ${groupBy}::VARCHAR AS k, count(*) AS b, sum(units_produced) AS u,
            sum(units_defective) AS x, sum(energy_kwh)::VARCHAR AS e
     FROM gold.fct_production_batch GROUP BY ALL`,
  );
  return new Map(
    r.map((x) => [
      `${x.d}|${x.k}`,
      {
        batches: Number(x.b),
        units_produced: Number(x.u),
        units_defective: Number(x.x),
        energy: Number(x.e),
      },
    ]),
  );
}

const zero: Agg = { batches: 0, units_produced: 0, units_defective: 0, energy: 0 };

describe('factorio, 30 days, default chaos: gold equals truth', () => {
  it('builds every model and passes every declared test (warnings too, outside the widgets models)', () => {
    const widgets = new Set(
      [...project.models.values()].filter((m) => m.path.includes('/widgets/')).map((m) => m.name),
    );
    const bad = summary.models.flatMap((m) => [
      ...(m.error || m.status === 'SKIPPED' ? [`${m.model}: ${m.status} ${m.error}`] : []),
      ...m.tests
        .filter((t) => t.status !== 'PASS' && (t.severity === 'ERROR' || !widgets.has(m.model)))
        .map((t) => `${t.name} ${t.status} ${t.error ?? t.failing}`),
    ]);
    expect(bad).toEqual([]);
  });

  it('matches by_machine per day: batches, units, defective, energy', async () => {
    const g = await gathered('machine_id');
    const want: string[] = [];
    const got: string[] = [];
    for (const t of truths()) {
      for (const [m, v] of Object.entries(t.by_machine)) {
        const a = g.get(`${t.date}|${m}`) ?? zero;
        want.push(
          `${t.date} ${m} ${v.batches} ${v.units_produced} ${v.units_defective} ${v.energy_consumed_kwh}`,
        );
        got.push(`${t.date} ${m} ${a.batches} ${a.units_produced} ${a.units_defective} ${a.energy}`);
      }
    }
    expect(want.length).toBe(DAYS * 3);
    expect(got).toEqual(want);
  });

  it('matches by_product per day, with energy', async () => {
    const g = await gathered('product_name');
    const want: string[] = [];
    const got: string[] = [];
    for (const t of truths()) {
      for (const [p, v] of Object.entries(t.by_product)) {
        const a = g.get(`${t.date}|${p}`) ?? zero;
        want.push(
          `${t.date} ${p} ${v.batches} ${v.units_produced} ${v.units_defective} ${v.energy_consumed_kwh}`,
        );
        got.push(`${t.date} ${p} ${a.batches} ${a.units_produced} ${a.units_defective} ${a.energy}`);
      }
    }
    expect(got).toEqual(want);
  });

  it('matches factory_totals and total_batches per day, and no batch lands on a day truth lacks', async () => {
    const g = await gathered(`'all'`);
    const ts = truths();
    expect(
      ts.map(
        (t) =>
          `${t.date} ${t.total_batches} ${t.factory_totals.units_produced} ${t.factory_totals.units_defective} ${t.factory_totals.energy_consumed_kwh}`,
      ),
    ).toEqual(
      ts.map((t) => {
        const a = g.get(`${t.date}|all`) ?? zero;
        return `${t.date} ${a.batches} ${a.units_produced} ${a.units_defective} ${a.energy}`;
      }),
    );
    expect([...g.keys()].map((k) => k.split('|')[0]).sort()).toEqual(ts.map((t) => t.date));
  });
});

describe('from scratch vs day by day', () => {
  it('gives the same gold tables', async () => {
    const daily = await Warehouse.open(join(dir.path, 'daily.duckdb'), 'test');
    try {
      for (const d of readdirSync(join(drop, 'raw_data')).sort()) {
        await ingest(daily, { sourceDir: drop, date: d });
        const s = await build(daily, project, { select: selection, test: false });
        expect(s.errors, d).toBe(0);
      }
      const modes = await rows<{ mode: string }>(
        daily,
        `SELECT DISTINCT mode FROM ops.model_runs WHERE relation = 'gold.fct_production_batch'`,
      );
      expect(modes.map((m) => m.mode).sort()).toEqual(['full', 'incremental']);
      for (const g of gold) {
        expect(await tableHash(daily, `gold.${g}`), g).toBe(await tableHash(wh, `gold.${g}`));
      }
    } finally {
      await daily.close();
    }
  }, 150_000);
});
