/**
 * The widget plant end to end through its sink, 30 days: time adds up, material is conserved (a
 * component is used once, by a widget of the right recipe), orders complete with good widgets only,
 * QC meets its standards, and every event is exactly the seed's shape. The run streams day by day
 * and keeps only what the checks need, so memory stays flat.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import type { Scenario } from '../../../src/config/scenario-schema.ts';
import { WIDGET_TOPIC_SCHEMAS, type WidgetTopic } from '../../../src/contracts/widgets.ts';
import type { SourceTable } from '../../../src/sim/output/table.ts';
import { PlantSimulation } from '../../../src/sim/plant/plant.ts';
import { makeSink } from '../../../src/sim/sinks/index.ts';
import { WidgetsSink } from '../../../src/sim/sinks/widgets.ts';

const DAYS = 30;
const SEED = 42;

interface Summary {
  /** `machine date: summed ms ≠ calendar ms` for every mismatch. */
  timeMismatches: string[];
  stateHours: Map<string, Record<string, number>>;
  /** Per machine: units made, good units put into stock, scrapped units (defect_count ≥ 2 or QC fail). */
  units: Map<string, { made: number; stocked: number; scrapped: number }>;
  produced: Map<string, { at: number; type: string; defects: number }>;
  consumedTwice: string[];
  consumedUnknown: string[];
  consumedBeforeMade: string[];
  consumedScrap: string[];
  recipeMismatches: string[];
  orders: Map<string, { statuses: string[]; quantity: number; completed: number | null }>;
  /** Order → widgets that passed QC. */
  passesByOrder: Map<string, number>;
  qc: Map<string, { pass: number; n: number }>;
  widgetsWithoutQc: number;
  schemaErrors: string[];
  duplicateKeys: string[];
  rowCounts: Map<WidgetTopic, number[]>;
  seconds: number;
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function run(scenario: Scenario): Summary {
  const t0 = performance.now();
  const recipes = new Map(scenario.recipes.map((r) => [r.output, r.inputs]));
  const sim = new PlantSimulation(scenario, { start: scenario.run.start, days: DAYS, seed: SEED });
  const sink = makeSink({ scenario, seed: SEED });
  const s: Summary = {
    timeMismatches: [],
    stateHours: new Map(),
    units: new Map(),
    produced: new Map(),
    consumedTwice: [],
    consumedUnknown: [],
    consumedBeforeMade: [],
    consumedScrap: [],
    recipeMismatches: [],
    orders: new Map(),
    passesByOrder: new Map(),
    qc: new Map(),
    widgetsWithoutQc: 0,
    schemaErrors: [],
    duplicateKeys: [],
    rowCounts: new Map(),
    seconds: 0,
  };
  const consumed = new Set<string>();
  const widgetOrder = new Map<string, string>();
  const widgetType = new Map<string, string>();
  const widgetStation = new Map<string, string>();
  const checked = new Set<string>();
  const unitsOf = (m: string) => {
    const u = s.units.get(m) ?? { made: 0, stocked: 0, scrapped: 0 };
    s.units.set(m, u);
    return u;
  };

  for (const day of sim.days()) {
    const calendar = day.end - day.start;
    const perMachine = new Map<string, number>();
    for (const i of day.states) {
      bump(perMachine, i.machineId, i.end - i.start);
      const h = s.stateHours.get(i.machineId) ?? {};
      h[i.state] = (h[i.state] ?? 0) + (i.end - i.start) / 3_600_000;
      s.stateHours.set(i.machineId, h);
    }
    for (const m of scenario.machines) {
      const ms = perMachine.get(m.id) ?? 0;
      if (ms !== calendar) s.timeMismatches.push(`${m.id} ${day.date}: ${ms} ≠ ${calendar}`);
    }
    const runMachine = new Map(day.runs.map((r) => [r.runId, r.machineId]));
    for (const r of day.runs) unitsOf(r.machineId).made += r.units;
    for (const mv of day.inventory) {
      const m = mv.referenceId ? runMachine.get(mv.referenceId) : undefined;
      if (mv.reason === 'produced' && m) unitsOf(m).stocked += mv.change;
    }

    const tables = new Map(sink.tables(day).map((t) => [t.source as WidgetTopic, t]));
    for (const [topic, table] of tables) {
      if (!(topic in STRICT)) continue; // ironworks' extra files (machine states, master data) beside the topics
      checkTable(topic, table, s);
      s.rowCounts.set(topic, [...(s.rowCounts.get(topic) ?? []), table.rows.length]);
    }

    // Component production: remember each part (engine times, so DST could not fool a string compare).
    const endOf = new Map<string, number>();
    for (const r of day.runs) for (const id of r.unitIds) endOf.set(id, r.end);
    for (const row of rows(tables, 'component-production')) {
      const id = row.component_id as string;
      const defects = (row.quality_metrics as { defect_count: number }).defect_count;
      s.produced.set(id, { at: endOf.get(id) as number, type: row.component_type as string, defects });
      if (defects >= 2) unitsOf(row.machine_id as string).scrapped++;
    }

    // Assembly: each part used once, made before, not scrapped; one of each part of the recipe.
    const startOf = new Map<string, number>();
    for (const r of day.runs) for (const id of r.unitIds) startOf.set(id, r.start);
    for (const row of rows(tables, 'widget-assembly')) {
      const widget = row.widget_id as string;
      widgetOrder.set(widget, row.batch_id as string);
      widgetType.set(widget, row.widget_type as string);
      widgetStation.set(widget, row.assembly_station_id as string);
      const types: Record<string, number> = {};
      for (const id of row.component_ids as string[]) {
        if (consumed.has(id)) s.consumedTwice.push(id);
        consumed.add(id);
        const part = s.produced.get(id);
        if (!part) {
          if (!id.includes('_OPENING_')) s.consumedUnknown.push(id);
          continue;
        }
        if (part.at > (startOf.get(widget) as number)) s.consumedBeforeMade.push(id);
        if (part.defects >= 2) s.consumedScrap.push(id);
        types[part.type] = (types[part.type] ?? 0) + 1;
      }
      const want = recipes.get(row.widget_type as string) ?? {};
      if (JSON.stringify(sorted(types)) !== JSON.stringify(sorted(want))) {
        s.recipeMismatches.push(`${widget}: ${JSON.stringify(types)}`);
      }
    }

    for (const row of rows(tables, 'quality-control')) {
      const widget = row.widget_id as string;
      checked.add(widget);
      const type = widgetType.get(widget) as string;
      const q = s.qc.get(type) ?? { pass: 0, n: 0 };
      q.n++;
      if (row.status === 'pass') {
        q.pass++;
        bump(s.passesByOrder, widgetOrder.get(widget) as string);
      } else {
        unitsOf(widgetStation.get(widget) as string).scrapped++;
      }
      s.qc.set(type, q);
    }

    for (const row of rows(tables, 'production-orders')) {
      const id = row.order_id as string;
      const o = s.orders.get(id) ?? { statuses: [], quantity: row.quantity as number, completed: null };
      o.statuses.push(row.status as string);
      if (row.status === 'completed') o.completed = row.quantity_completed as number;
      s.orders.set(id, o);
    }
  }
  for (const w of widgetType.keys()) if (!checked.has(w)) s.widgetsWithoutQc++;
  s.seconds = (performance.now() - t0) / 1000;
  return s;
}

const rows = (tables: Map<WidgetTopic, SourceTable>, topic: WidgetTopic) => tables.get(topic)?.rows ?? [];

function sorted(o: Record<string, number>): [string, number][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Unknown top-level keys are errors: a record must be exactly the topic's shape. */
const STRICT = Object.fromEntries(
  Object.entries(WIDGET_TOPIC_SCHEMAS).map(([topic, schema]) => [topic, schema.strict()]),
) as unknown as typeof WIDGET_TOPIC_SCHEMAS;

/** Every row parses strictly against its topic's schema, keys in schema order; keys are unique. */
function checkTable(topic: WidgetTopic, table: SourceTable, s: Summary): void {
  const schema = STRICT[topic];
  const keys = new Set<string>();
  const columns = Object.keys(schema.shape).join(',');
  if (table.columns.join(',') !== columns)
    s.schemaErrors.push(`${topic}: columns ${table.columns.join(',')}`);
  for (const row of table.rows) {
    const parsed = schema.safeParse(row);
    if (!parsed.success && s.schemaErrors.length < 20) {
      s.schemaErrors.push(
        `${topic} ${table.date}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      );
    }
    const key = table.keyOf(row);
    if (keys.has(key)) s.duplicateKeys.push(`${topic}: ${key}`);
    keys.add(key);
  }
}

describe('widgets plant, 30 days through the sink', () => {
  let scenario: Scenario;
  let s: Summary;

  beforeAll(() => {
    scenario = loadScenario('widgets');
    s = run(scenario);
  });

  it('loads as the widgets format and picks the widgets sink', () => {
    expect(scenario.format).toBe('widgets');
    expect(scenario.factory.timezone).toBe('America/Chicago');
    expect(makeSink({ scenario, seed: SEED })).toBeInstanceOf(WidgetsSink);
  });

  it('accounts for every millisecond of every machine every day', () => {
    expect(s.timeMismatches).toEqual([]);
  });

  it('makes units that are either good (stocked) or scrapped, per machine', () => {
    expect(s.units.size).toBe(13);
    for (const [machine, u] of s.units) {
      expect(u.made, machine).toBeGreaterThan(0);
      expect(u.stocked + u.scrapped, machine).toBe(u.made);
    }
  });

  it('uses each component once, after it was made, never a scrapped one', () => {
    expect(s.consumedTwice).toEqual([]);
    expect(s.consumedUnknown).toEqual([]);
    expect(s.consumedBeforeMade).toEqual([]);
    expect(s.consumedScrap).toEqual([]);
  });

  it('builds each widget from one of each component of its recipe', () => {
    expect(s.recipeMismatches).toEqual([]);
  });

  it('completes orders with exactly their quantity of good widgets', () => {
    let completed = 0;
    for (const [id, o] of s.orders) {
      expect(o.statuses[0], id).toBe('created');
      expect(new Set(o.statuses).size, id).toBe(o.statuses.length);
      const passes = s.passesByOrder.get(id) ?? 0;
      if (o.completed === null) {
        expect(passes, id).toBeLessThan(o.quantity);
        continue;
      }
      completed++;
      expect(o.statuses.at(-1), id).toBe('completed');
      expect(o.completed, id).toBe(o.quantity);
      expect(passes, id).toBe(o.quantity);
    }
    expect(completed).toBeGreaterThan(DAYS * 50);
  });

  it('writes every event in its topic schema exactly, with unique keys', () => {
    expect(s.schemaErrors).toEqual([]);
    expect(s.duplicateKeys).toEqual([]);
    for (const topic of Object.keys(WIDGET_TOPIC_SCHEMAS) as WidgetTopic[]) {
      expect(s.rowCounts.get(topic)?.length, topic).toBe(DAYS);
    }
    // 13 machines, one reading a minute all day.
    expect(s.rowCounts.get('machine-telemetry')?.every((n) => n === 13 * 1440)).toBe(true);
  });

  it('keeps stations mostly busy but sometimes idle, and blocks some component machine', () => {
    for (const id of ['ASSEMBLY_STATION_A', 'ASSEMBLY_STATION_B', 'ASSEMBLY_STATION_C']) {
      const h = s.stateHours.get(id) ?? {};
      expect(h.idle ?? 0, id).toBeGreaterThan(1);
      expect((h.producing ?? 0) / (DAYS * 16), id).toBeGreaterThan(0.5);
    }
    const blocked = scenario.machines
      .filter((m) => !m.make_to_order)
      .map((m) => s.stateHours.get(m.id)?.blocked ?? 0);
    expect(Math.max(...blocked)).toBeGreaterThan(DAYS);
    const failed = [...s.stateHours.values()].filter((h) => (h.failed ?? 0) > 0).length;
    expect(failed).toBeGreaterThan(5);
  });

  it('passes QC per widget type near the standards, and checks every widget', () => {
    const standards = scenario.qc?.standards ?? {};
    expect(Object.keys(standards).sort()).toEqual([...s.qc.keys()].sort());
    for (const [type, q] of s.qc) {
      expect(q.n, type).toBeGreaterThan(500);
      expect(Math.abs(q.pass / q.n - (standards[type]?.pass_rate ?? 0)), type).toBeLessThan(0.03);
    }
    expect(s.widgetsWithoutQc).toBe(0);
  });

  it('runs 30 days in well under half a minute', () => {
    expect(s.seconds).toBeLessThan(30);
  });

  it('is deterministic: same seed, same events', () => {
    const again = (scenarioIn: Scenario) => {
      const sim = new PlantSimulation(scenarioIn, { start: scenarioIn.run.start, days: 2, seed: SEED });
      const sink = makeSink({ scenario: scenarioIn, seed: SEED });
      const out: string[] = [];
      for (const day of sim.days()) for (const t of sink.tables(day)) out.push(JSON.stringify(t.rows));
      return out;
    };
    expect(again(scenario)).toEqual(again(loadScenario('widgets')));
  });
});
