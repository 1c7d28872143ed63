/**
 * Done-when 4: with all chaos off, plain aggregation of the files equals the ground truth exactly.
 * factorio (30 days): batches per day, machine and product, energy by the seed's convention
 * (round(units × kWh/unit of the machine as of that day, 2)), sensor energy per machine, QC counts.
 * widgets (7 days): component and widget events per machine, scrap (defect_count ≥ 2) and QC fails.
 * Both: truth.counts is the record count of each file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRA_FILES } from '../../../src/contracts/extras.ts';
import { SEED_FILES } from '../../../src/contracts/seed-drop.ts';
import type { DayTruth } from '../../../src/contracts/truth.ts';
import {
  type ComponentProduced,
  type QualityCheck,
  WIDGET_TOPIC_SCHEMAS,
  WIDGET_TOPICS,
  type WidgetAssembled,
  type WidgetTopic,
} from '../../../src/contracts/widgets.ts';
import {
  type Run,
  readCsv,
  readJson,
  readJsonl,
  readTruth,
  recordCount,
  removeDir,
  simulateTo,
  withoutChaos,
} from './helpers.ts';

/** A decimal text as an exact integer number of millionths ("0.115" → 115000). */
function micro(text: string): number {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) throw new Error(`not a plain decimal: ${text}`);
  return Number(m[1]) * 1e6 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** round(units × kWh/unit, 2) in cents, half up on the exact decimal product. */
const batchCents = (units: number, kwhPerUnit: string) =>
  Math.floor((units * micro(kwhPerUnit) + 5000) / 10_000);

/** A measure written with at most 2 decimals, as an integer number of cents. */
function cents(v: number): number {
  const c = Math.round(v * 100);
  expect(Math.abs(v * 100 - c)).toBeLessThan(1e-6);
  return c;
}

interface Agg {
  batches: number;
  units_produced: number;
  units_defective: number;
  cents: number;
}
const emptyAgg = (): Agg => ({ batches: 0, units_produced: 0, units_defective: 0, cents: 0 });

let factorio: Run;
let widgets: Run;

beforeAll(async () => {
  factorio = await simulateTo('truth-f', withoutChaos('factorio'), { days: 30, seed: 42 });
  widgets = await simulateTo('truth-w', withoutChaos('widgets'), { days: 7, seed: 42 });
});

afterAll(() => {
  removeDir(factorio?.dir);
  removeDir(widgets?.dir);
});

const raw = (run: Run, date: string, file: string) => join(run.dir, 'raw_data', date, file);

describe('factorio, chaos off, 30 days: the files add up to the truth exactly', () => {
  it('batches, units, defects and energy per machine, per product and for the factory', () => {
    let kwhChanged = false;
    for (const date of factorio.dates) {
      const truth = readTruth(factorio.dir, date);
      const master = readCsv(raw(factorio, date, EXTRA_FILES.machine_master)).rows;
      const kwh = new Map(master.map((m) => [m.machine_id as string, m.energy_kwh_per_unit as string]));
      if (kwh.get('SMELTER-01') !== '0.12') kwhChanged = true;
      const byMachine = new Map<string, Agg>(master.map((m) => [m.machine_id as string, emptyAgg()]));
      const byProduct = new Map<string, Agg>();
      const batches = readCsv(raw(factorio, date, SEED_FILES.production_batches)).rows;
      for (const b of batches) {
        const units = Number(b.units_produced);
        const defective = Number(b.units_defective);
        const c = batchCents(units, kwh.get(b.machine_id as string) as string);
        for (const agg of [
          byMachine.get(b.machine_id as string) as Agg,
          byProduct.get(b.product_name as string) ??
            (byProduct.set(b.product_name as string, emptyAgg()).get(b.product_name as string) as Agg),
        ]) {
          agg.batches++;
          agg.units_produced += units;
          agg.units_defective += defective;
          agg.cents += c;
        }
      }

      expect(truth.total_batches, date).toBe(batches.length);
      expect(Object.keys(truth.by_machine).sort()).toEqual([...byMachine.keys()].sort());
      for (const [id, a] of byMachine) {
        const t = truth.by_machine[id];
        expect(
          {
            batches: t?.batches,
            units_produced: t?.units_produced,
            units_defective: t?.units_defective,
            energy_consumed_kwh: t?.energy_consumed_kwh,
            good_units: t?.good_units,
          },
          `${date} ${id}`,
        ).toEqual({
          batches: a.batches,
          units_produced: a.units_produced,
          units_defective: a.units_defective,
          energy_consumed_kwh: a.cents / 100,
          good_units: a.units_produced - a.units_defective,
        });
      }
      expect(Object.keys(truth.by_product).sort()).toEqual([...byProduct.keys()].sort());
      for (const [name, a] of byProduct) {
        expect(truth.by_product[name], `${date} ${name}`).toEqual({
          batches: a.batches,
          units_produced: a.units_produced,
          units_defective: a.units_defective,
          good_units: a.units_produced - a.units_defective,
          energy_consumed_kwh: a.cents / 100,
        });
      }
      const all = [...byMachine.values()];
      const units = all.reduce((s, a) => s + a.units_produced, 0);
      const defective = all.reduce((s, a) => s + a.units_defective, 0);
      expect({
        units_produced: truth.factory_totals.units_produced,
        units_defective: truth.factory_totals.units_defective,
        energy_consumed_kwh: truth.factory_totals.energy_consumed_kwh,
        good_units: truth.factory_totals.good_units,
      }).toEqual({
        units_produced: units,
        units_defective: defective,
        energy_consumed_kwh: all.reduce((s, a) => s + a.cents, 0) / 100,
        good_units: units - defective,
      });
    }
    // The master-data change of day 18 (SMELTER-01 at 0.115 kWh/unit) was exercised.
    expect(kwhChanged).toBe(true);
  });

  it("sums sensor_logs energy per machine to the truth's energy per machine", () => {
    for (const date of factorio.dates) {
      const truth = readTruth(factorio.dir, date);
      const readings = readJson<{ machine_id: string; energy_kwh: number }[]>(
        raw(factorio, date, SEED_FILES.sensor_logs),
      );
      const byMachine = new Map<string, number>();
      for (const r of readings)
        byMachine.set(r.machine_id, (byMachine.get(r.machine_id) ?? 0) + cents(r.energy_kwh));
      for (const [id, t] of Object.entries(truth.by_machine))
        expect((byMachine.get(id) ?? 0) / 100, `${date} ${id}`).toBe(t.energy_consumed_kwh);
      expect([...byMachine.keys()].every((id) => id in truth.by_machine)).toBe(true);
    }
  });

  it('counts QC checks, passes, fails and fail reasons as the truth does', () => {
    for (const date of factorio.dates) {
      const truth = readTruth(factorio.dir, date);
      const checks = readCsv(raw(factorio, date, SEED_FILES.qc_checks)).rows;
      const batches = new Map(
        readCsv(raw(factorio, date, SEED_FILES.production_batches)).rows.map((b) => [b.batch_id, b]),
      );
      const byReason: Record<string, number> = {};
      for (const c of checks) {
        expect(['PASS', 'FAIL']).toContain(c.pass_fail);
        const batch = batches.get(c.batch_id);
        expect(batch, `${date} ${c.batch_id}`).toBeDefined();
        if (c.pass_fail === 'FAIL') {
          // The seed's rule: FAIL only when the batch had defects.
          expect(Number(batch?.units_defective)).toBeGreaterThan(0);
          const reason = /mostly (.+?), batch held/.exec(c.defect_notes as string)?.[1];
          expect(reason, c.defect_notes).toBeDefined();
          byReason[reason as string] = (byReason[reason as string] ?? 0) + 1;
        }
      }
      expect(truth.qc, date).toEqual({
        checks: checks.length,
        passed: checks.filter((c) => c.pass_fail === 'PASS').length,
        failed: checks.filter((c) => c.pass_fail === 'FAIL').length,
        by_reason: byReason,
      });
    }
  });

  it('has truth.counts equal to the record count of each file', () => {
    const fileOf: Record<string, string> = { ...SEED_FILES, ...EXTRA_FILES };
    for (const date of factorio.dates) {
      const counts = readTruth(factorio.dir, date).counts ?? {};
      const files = readdirSync(join(factorio.dir, 'raw_data', date)).sort();
      expect(
        Object.keys(counts)
          .map((s) => fileOf[s])
          .sort(),
      ).toEqual(files);
      for (const [source, n] of Object.entries(counts))
        expect(recordCount(raw(factorio, date, fileOf[source] as string)), `${date} ${source}`).toBe(n);
    }
  });
});

describe('widgets, chaos off, 7 days: the topics add up to the truth exactly', () => {
  const topicPath = (date: string, topic: WidgetTopic) => raw(widgets, date, `${topic}.jsonl`);
  /** Machines by the kind of item they make: `component` machines and `finished` (assembly stations). */
  const machinesMaking = (kind: string) => {
    const s = widgets.scenario;
    const kindOf = new Map(s.items.map((i) => [i.id, i.kind]));
    const outputOf = new Map(s.recipes.map((r) => [r.id, r.output]));
    return s.machines
      .filter((m) => kindOf.get(outputOf.get(m.recipes[0] as string) as string) === kind)
      .map((m) => m.id);
  };
  const qcByWidget = new Map<string, QualityCheck>();
  const truths = new Map<string, DayTruth>();

  beforeAll(() => {
    for (const date of widgets.dates) {
      truths.set(date, readTruth(widgets.dir, date));
      for (const q of readJsonl<QualityCheck>(topicPath(date, 'quality-control'))) {
        expect(qcByWidget.has(q.widget_id)).toBe(false);
        qcByWidget.set(q.widget_id, q);
      }
    }
  });

  it('validates every event of every topic against its zod contract', () => {
    let n = 0;
    for (const date of widgets.dates) {
      for (const topic of Object.keys(WIDGET_TOPICS) as WidgetTopic[]) {
        const schema = WIDGET_TOPIC_SCHEMAS[topic].strict();
        const lines = readFileSync(topicPath(date, topic), 'utf8').split('\n');
        expect(lines.pop()).toBe('');
        lines.forEach((line, i) => {
          const res = schema.safeParse(JSON.parse(line));
          if (!res.success) throw new Error(`${date}/${topic}#${i + 1}: ${res.error.message}\n${line}`);
          n++;
        });
      }
    }
    expect(n).toBeGreaterThan(100_000);
  });

  it('counts component events (and scrap: defect_count ≥ 2) per machine as the truth does', () => {
    const componentMachines = machinesMaking('component');
    expect(componentMachines).toHaveLength(10);
    for (const date of widgets.dates) {
      const truth = truths.get(date) as DayTruth;
      const made = new Map<string, { units: number; scrap: number; type: string }>();
      for (const c of readJsonl<ComponentProduced>(topicPath(date, 'component-production'))) {
        const m = made.get(c.machine_id) ?? { units: 0, scrap: 0, type: c.component_type };
        m.units++;
        if (c.quality_metrics.defect_count >= 2) m.scrap++;
        expect(m.type).toBe(c.component_type);
        made.set(c.machine_id, m);
      }
      for (const id of componentMachines) {
        const t = truth.by_machine[id];
        const m = made.get(id) ?? { units: 0, scrap: 0 };
        expect({ units: t?.units_produced, defective: t?.units_defective }, `${date} ${id}`).toEqual({
          units: m.units,
          defective: m.scrap,
        });
      }
      for (const id of made.keys()) expect(componentMachines).toContain(id);
    }
  });

  it('counts widgets per station (units) and their QC fails (defective) as the truth does', () => {
    const stations = machinesMaking('finished');
    expect(stations).toHaveLength(3);
    let widgetsMade = 0;
    for (const date of widgets.dates) {
      const truth = truths.get(date) as DayTruth;
      const built = new Map<string, { units: number; failed: number }>();
      for (const w of readJsonl<WidgetAssembled>(topicPath(date, 'widget-assembly'))) {
        const s = built.get(w.assembly_station_id) ?? { units: 0, failed: 0 };
        s.units++;
        const qc = qcByWidget.get(w.widget_id);
        expect(qc, `QC of ${w.widget_id}`).toBeDefined();
        if (qc?.status === 'fail') s.failed++;
        built.set(w.assembly_station_id, s);
        widgetsMade++;
      }
      for (const id of stations) {
        const t = truth.by_machine[id];
        const s = built.get(id) ?? { units: 0, failed: 0 };
        expect({ units: t?.units_produced, defective: t?.units_defective }, `${date} ${id}`).toEqual({
          units: s.units,
          defective: s.failed,
        });
      }
    }
    expect(widgetsMade).toBeGreaterThan(500);
    expect(qcByWidget.size).toBe(widgetsMade);
  });

  it('counts units per product as the truth does, and energy as units × kWh/unit', () => {
    const kwh = new Map(
      readCsv(join(widgets.dir, 'reference', 'machines.csv')).rows.map((m) => [
        m.machine_id as string,
        m.energy_kwh_per_unit as string,
      ]),
    );
    for (const date of widgets.dates) {
      const truth = truths.get(date) as DayTruth;
      const byProduct = new Map<string, number>();
      for (const c of readJsonl<ComponentProduced>(topicPath(date, 'component-production')))
        byProduct.set(c.component_type, (byProduct.get(c.component_type) ?? 0) + 1);
      for (const w of readJsonl<WidgetAssembled>(topicPath(date, 'widget-assembly')))
        byProduct.set(w.widget_type, (byProduct.get(w.widget_type) ?? 0) + 1);
      const truthUnits = Object.fromEntries(
        Object.entries(truth.by_product).map(([k, p]) => [k, p.units_produced]),
      );
      expect(truthUnits, date).toEqual(Object.fromEntries(byProduct));
      // Each cycle makes one unit, so a machine's energy is units × round(kWh/unit, 2).
      let total = 0;
      for (const [id, t] of Object.entries(truth.by_machine)) {
        const c = t.units_produced * batchCents(1, kwh.get(id) as string);
        expect(t.energy_consumed_kwh, `${date} ${id}`).toBe(c / 100);
        total += c;
      }
      expect(truth.factory_totals.energy_consumed_kwh).toBe(total / 100);
    }
  });

  it('uses each component in at most one widget, and only good ones', () => {
    const components = new Map<string, ComponentProduced>();
    const used = new Set<string>();
    for (const date of widgets.dates) {
      for (const c of readJsonl<ComponentProduced>(topicPath(date, 'component-production')))
        components.set(c.component_id, c);
      for (const w of readJsonl<WidgetAssembled>(topicPath(date, 'widget-assembly'))) {
        for (const id of w.component_ids) {
          const c = components.get(id);
          expect(c, `${w.widget_id} uses ${id}`).toBeDefined();
          expect(c?.quality_metrics.defect_count).toBeLessThan(2);
          expect(used.has(id), `${id} used twice`).toBe(false);
          used.add(id);
        }
      }
    }
    expect(used.size).toBeGreaterThan(1000);
  });

  it('has truth.counts equal to the record count of each file (topics and extras)', () => {
    const fileOf: Record<string, string> = {
      ...EXTRA_FILES,
      ...Object.fromEntries(Object.keys(WIDGET_TOPICS).map((t) => [t, `${t}.jsonl`])),
    };
    for (const date of widgets.dates) {
      const counts = truths.get(date)?.counts ?? {};
      const files = readdirSync(join(widgets.dir, 'raw_data', date)).sort();
      expect(
        Object.keys(counts)
          .map((s) => fileOf[s])
          .sort(),
      ).toEqual(files);
      for (const topic of Object.keys(WIDGET_TOPICS)) expect(counts[topic], topic).toBeDefined();
      for (const [source, n] of Object.entries(counts))
        expect(recordCount(raw(widgets, date, fileOf[source] as string)), `${date} ${source}`).toBe(n);
    }
  });
});
