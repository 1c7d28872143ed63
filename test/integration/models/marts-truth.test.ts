/**
 * The KPI marts against the ground truth, for both built-in plants in one warehouse: factorio 30 days
 * and widgets 7 days (default chaos, seed 42), ingested side by side and built once.
 *   - ISO 22400 time elements and counts per machine × day (truth.by_machine[m].time), per machine ×
 *     shift × day (truth.by_machine_shift) and per factory × day (factory_totals.time), and every
 *     KPI within 1e-9 relative;
 *   - reliability: failures, restorations and TTR per machine × day;
 *   - material flow: every Sankey edge of truth.material_flow, and no other.
 * The widget plant's state log is written to the second while its machines change state to the
 * millisecond, so its time elements (APT, ASUT, ADET, down, ADOT) can only match to within the
 * truncation of each interval; when the log carries sub-second times they must match exactly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayTruth, Kpis, TimeElements } from '../../../src/contracts/truth.ts';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { TIME_KEYS } from '../../../src/quality/metrics.ts';
import { loadProject } from '../../../src/transform/project.ts';
import { type BuildSummary, build } from '../../../src/transform/runner.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

const PLANTS = [
  { scenario: 'factorio', days: 30, machines: 3 },
  { scenario: 'widgets', days: 7, machines: 13 },
] as const;
let dir: ReturnType<typeof tempDir>;
let wh: Warehouse;
let summary: BuildSummary;
/** Whether the widget plant's state log has sub-second times (then everything must be exact). */
let widgetsSubSecond = false;
const project = loadProject();

beforeAll(async () => {
  dir = tempDir('marts-truth');
  wh = await Warehouse.open(join(dir.path, 'wh.duckdb'), 'test');
  for (const p of PLANTS) {
    const out = join(dir.path, p.scenario);
    const sim = cli([
      'simulate',
      '--scenario',
      p.scenario,
      '--days',
      String(p.days),
      '--seed',
      '42',
      '--out',
      out,
    ]);
    expect(sim.code, sim.stderr).toBe(0);
    await ingest(wh, { sourceDir: out });
  }
  const first = readFileSync(
    join(dir.path, 'widgets', 'raw_data', '2025-12-01', 'machine_states.jsonl'),
    'utf8',
  );
  widgetsSubSecond = /T\d\d:\d\d:\d\d\.\d+/.test(first);
  summary = await build(wh, project);
  // 37 simulated days of two plants and every model: minutes on a machine shared by many
}, 600_000);

afterAll(async () => {
  await wh?.close();
  dir?.remove();
});

function truths(scenario: string): DayTruth[] {
  const base = join(dir.path, scenario, 'ground_truth');
  return readdirSync(base)
    .sort()
    .map((d) => JSON.parse(readFileSync(join(base, d, 'truth.json'), 'utf8')) as DayTruth);
}

const ELEMENTS = TIME_KEYS;
/** Elements summed from state intervals: the ones a whole-second state log truncates. */
const STATE_TIMES = new Set<keyof TimeElements>([
  'apt_s',
  'asut_s',
  'adet_s',
  'down_s',
  'adot_s',
  'operating_s',
]);
const KPIS: (keyof Kpis)[] = [
  'availability',
  'performance',
  'quality',
  'oee',
  'scrap_ratio',
  'mtbf_s',
  'mttr_s',
  'energy_per_good_unit_kwh',
];

type Row = Record<string, number | string | null>;

const close = (a: number | null, b: number | null, rel = 1e-9) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

async function table(sql: string, key: (r: Row) => string): Promise<Map<string, Row>> {
  const r = await rows<Row>(wh, sql);
  return new Map(r.map((x) => [key(x), x]));
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Allowed difference (seconds) per state-interval time; null = exact. */
type Slack = Partial<Record<keyof TimeElements, number>> | null;

/**
 * Whole-second truncation of a state log: each interval's duration is off by less than a second, so
 * an element summed from n intervals is off by less than n seconds (operating = APT + ASUT).
 */
async function slacks(groupBy: string): Promise<Map<string, Slack>> {
  const r = await rows<{ k: string; e: string; n: string }>(
    wh,
    `SELECT ${groupBy} AS k, time_element AS e, count(*) AS n FROM gold.fct_machine_state
     WHERE factory_id = 'WIDGET-WORKS' AND shift_id IS NOT NULL GROUP BY ALL`,
  );
  const out = new Map<string, Record<string, number>>();
  for (const x of r) {
    const s = out.get(x.k) ?? {};
    s[`${x.e}_s`] = (s[`${x.e}_s`] ?? 0) + Number(x.n);
    out.set(x.k, s);
  }
  for (const s of out.values()) s.operating_s = (s.apt_s ?? 0) + (s.asut_s ?? 0);
  return out as Map<string, Slack>;
}

/** Compares gold elements and KPIs with the truth's, exactly or within the slack of a whole-second log. */
function compare(
  label: string,
  got: Row | undefined,
  want: TimeElements,
  kpi: Kpis | undefined,
  slack: Slack,
  problems: string[],
) {
  if (!got) {
    problems.push(`${label}: no gold row`);
    return;
  }
  for (const e of ELEMENTS) {
    const g = num(got[e]) ?? 0;
    const ok = slack && STATE_TIMES.has(e) ? Math.abs(g - want[e]) <= (slack[e] ?? 0) : close(g, want[e]);
    if (!ok) problems.push(`${label} ${e}: gold ${g} truth ${want[e]}`);
  }
  if (!kpi) return;
  for (const k of KPIS) {
    const g = num(got[k]);
    const ok = slack ? close(g, kpi[k], 1e-3) : close(g, kpi[k]);
    if (!ok) problems.push(`${label} ${k}: gold ${g} truth ${kpi[k]}`);
  }
}

function addSlack(into: Record<string, number>, s: Slack): void {
  for (const [k, v] of Object.entries(s ?? {})) into[k] = (into[k] ?? 0) + (v ?? 0);
}

describe('KPI marts equal the truth (factorio 30 days + widgets 7 days in one warehouse)', () => {
  it('builds every model and passes every declared test of the KPI models (warnings too)', () => {
    const bad = summary.models.flatMap((m) => [
      ...(m.error || m.status === 'SKIPPED' ? [`${m.model}: ${m.status} ${m.error}`] : []),
      ...m.tests
        .filter(
          (t) =>
            t.status !== 'PASS' &&
            (t.severity === 'ERROR' || project.models.get(m.model)!.path.includes('/marts/kpi/')),
        )
        .map((t) => `${t.name} ${t.status} ${t.error ?? t.failing}`),
    ]);
    expect(bad).toEqual([]);
  });

  it('OEE per machine × day and per factory × day: time elements, counts and KPIs', async () => {
    const day = await table(
      `SELECT *, event_date::VARCHAR AS d FROM gold.kpi_oee_machine_day`,
      (r) => `${r.d}|${r.machine_id}`,
    );
    const fac = await table(
      `SELECT *, event_date::VARCHAR AS d FROM gold.kpi_oee_factory_day`,
      (r) => `${r.d}|${r.factory_id}`,
    );
    const pieces = await slacks(`event_date::VARCHAR || '|' || machine_id`);
    const problems: string[] = [];
    let compared = 0;
    for (const p of PLANTS) {
      const approx = p.scenario === 'widgets' && !widgetsSubSecond;
      for (const t of truths(p.scenario)) {
        const facSlack: Record<string, number> = {};
        for (const [m, v] of Object.entries(t.by_machine)) {
          const slack = approx ? (pieces.get(`${t.date}|${m}`) ?? {}) : null;
          addSlack(facSlack, slack);
          compare(`${t.date} ${m}`, day.get(`${t.date}|${m}`), v.time!, v.kpi, slack, problems);
          compared++;
        }
        const ft = t.factory_totals;
        const fs = approx ? facSlack : null;
        compare(
          `${t.date} ${t.factory_id}`,
          fac.get(`${t.date}|${t.factory_id}`),
          ft.time!,
          ft.kpi,
          fs,
          problems,
        );
      }
    }
    expect(compared).toBe(30 * 3 + 7 * 13);
    expect(problems).toEqual([]);
  });

  it('OEE per machine × shift × day: time elements and counts', async () => {
    const shift = await table(
      `SELECT *, event_date::VARCHAR AS d FROM gold.kpi_oee_machine_shift WHERE shift_id IS NOT NULL`,
      (r) => `${r.d}|${r.machine_id}|${r.shift_id}`,
    );
    const pieces = await slacks(`event_date::VARCHAR || '|' || machine_id || '|' || shift_id`);
    const problems: string[] = [];
    let compared = 0;
    for (const p of PLANTS) {
      const approx = p.scenario === 'widgets' && !widgetsSubSecond;
      for (const t of truths(p.scenario)) {
        for (const [m, shifts] of Object.entries(t.by_machine_shift ?? {})) {
          for (const [s, v] of Object.entries(shifts)) {
            const key = `${t.date}|${m}|${s}`;
            const slack = approx ? (pieces.get(key) ?? {}) : null;
            compare(`${t.date} ${m} ${s}`, shift.get(key), v, undefined, slack, problems);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe((30 * 3 + 7 * 13) * 2);
    expect(problems).toEqual([]);
  });

  it('the widget plant matches exactly where whole seconds cannot blur: counts, ideal time, planned time', async () => {
    // (a no-op restatement when the state log is sub-second: the test above is exact then)
    const day = await table(
      `SELECT *, event_date::VARCHAR AS d FROM gold.kpi_oee_machine_day WHERE factory_id = 'WIDGET-WORKS'`,
      (r) => `${r.d}|${r.machine_id}`,
    );
    const problems: string[] = [];
    for (const t of truths('widgets')) {
      for (const [m, v] of Object.entries(t.by_machine)) {
        const g = day.get(`${t.date}|${m}`);
        for (const e of ELEMENTS.filter((x) => !STATE_TIMES.has(x))) {
          if (!close(num(g?.[e]) ?? 0, v.time![e]))
            problems.push(`${t.date} ${m} ${e}: ${g?.[e]} vs ${v.time![e]}`);
        }
        for (const k of ['quality', 'scrap_ratio', 'mttr_s', 'energy_per_good_unit_kwh'] as const) {
          if (!close(num(g?.[k]), v.kpi![k])) problems.push(`${t.date} ${m} ${k}: ${g?.[k]} vs ${v.kpi![k]}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('reliability per machine × day: failures, restorations and TTR equal the truth', async () => {
    const rel = await table(
      `SELECT event_date::VARCHAR AS d, machine_id, failures, restorations, ttr_s, mtbf_s, mttr_s
       FROM gold.kpi_reliability_machine_day`,
      (r) => `${r.d}|${r.machine_id}`,
    );
    const want: string[] = [];
    const got: string[] = [];
    let failures = 0;
    for (const p of PLANTS) {
      for (const t of truths(p.scenario)) {
        for (const [m, v] of Object.entries(t.by_machine)) {
          const g = rel.get(`${t.date}|${m}`);
          want.push(`${t.date} ${m} ${v.time!.failures} ${v.time!.restorations} ${v.time!.ttr_s}`);
          got.push(
            `${t.date} ${m} ${num(g?.failures) ?? 0} ${num(g?.restorations) ?? 0} ${num(g?.ttr_s) ?? 0}`,
          );
          failures += v.time!.failures;
        }
      }
    }
    expect(failures).toBeGreaterThan(10);
    expect(got).toEqual(want);
  });

  it('material flow per factory × day: the Sankey edges of truth.material_flow, exactly', async () => {
    const edges = await rows<{ f: string; d: string; a: string; b: string; item: string; q: number }>(
      wh,
      `SELECT factory_id AS f, event_date::VARCHAR AS d, from_node AS a, to_node AS b, item, quantity::DOUBLE AS q
       FROM gold.kpi_material_flow_day`,
    );
    for (const p of PLANTS) {
      const ts = truths(p.scenario);
      const factory = ts[0]!.factory_id;
      const days = new Set(ts.map((t) => t.date));
      const want = ts
        .flatMap((t) =>
          (t.material_flow ?? []).map((e) => `${t.date} ${e.from} → ${e.to} ${e.item} ${e.quantity}`),
        )
        .sort();
      const got = edges
        .filter((e) => e.f === factory && days.has(e.d))
        .map((e) => `${e.d} ${e.a} → ${e.b} ${e.item} ${e.q}`)
        .sort();
      expect(want.length).toBeGreaterThan(0);
      expect(got, p.scenario).toEqual(want);
    }
  });
});
