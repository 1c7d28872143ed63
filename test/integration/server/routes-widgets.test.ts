/**
 * `GET /api/widgets` against gold and the ground truth on a real served warehouse holding the widget
 * plant (2 days) and a factorio plant (1 day): components per machine, widgets per station and type,
 * QC checks and stock per stock point equal truth.json; the factorio plant answers "no data for this
 * plant" (not zeros); an unbuilt warehouse answers "no data"; injection attempts get 400 and change
 * nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayTruth } from '../../../src/contracts/truth.ts';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { type RunningServer, startServer } from '../../../src/server/serve.ts';
import { loadProject } from '../../../src/transform/project.ts';
import { build } from '../../../src/transform/runner.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows, tableHash } from '../../helpers/warehouse.ts';

type Row = Record<string, unknown>;
const DAYS = ['2025-12-01', '2025-12-02'];
const SAMPLE = '2025-12-02';
const W = 'WIDGET-WORKS';

let dir: ReturnType<typeof tempDir>;
let empty: ReturnType<typeof tempDir>;
let server: RunningServer;
let emptyServer: RunningServer;

beforeAll(async () => {
  dir = tempDir('routes-widgets');
  empty = tempDir('routes-widgets-empty');
  const wh = await Warehouse.open(join(dir.path, 'warehouse.duckdb'), 'test');
  for (const [scenario, days] of [
    ['widgets', '2'],
    ['factorio', '1'],
  ] as const) {
    const out = join(dir.path, scenario);
    const sim = cli(['simulate', '--scenario', scenario, '--days', days, '--seed', '42', '--out', out]);
    expect(sim.code, sim.stderr).toBe(0);
    await ingest(wh, { sourceDir: out });
  }
  await build(wh, loadProject());
  await wh.close();
  const opts = { host: '127.0.0.1', port: 0, token: null, schedule: '', webRoot: null };
  server = await startServer({ ...opts, dataDir: dir.path });
  emptyServer = await startServer({ ...opts, dataDir: empty.path });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await emptyServer?.close();
  dir?.remove();
  empty?.remove();
});

async function get(s: RunningServer, path: string): Promise<{ status: number; body: Row }> {
  const res = await fetch(`${s.url}${path}`);
  return { status: res.status, body: (await res.json()) as Row };
}

const truth = (d: string) =>
  JSON.parse(readFileSync(join(dir.path, 'widgets', 'ground_truth', d, 'truth.json'), 'utf8')) as DayTruth;

interface Widgets {
  plant: boolean | null;
  note: string | null;
  components: { total: Row | null; types: Row[]; machines: Row[] };
  assembly: { total: Row | null; stations: Row[]; types: Row[] };
  qc: { total: Row | null; types: Row[] };
  inventory: Row[];
  orders: { total: Row | null; statuses: Row[] };
  alerts: { counts: Row[]; latest: Row[] };
}

const widgets = async (q: string, s = server) =>
  (await get(s, `/api/widgets?${q}`)).body as unknown as Widgets;

describe('GET /api/widgets', () => {
  it("the sample day's components, widgets, QC and stock equal the truth", async () => {
    const w = await widgets(`factory=${W}&from=${SAMPLE}&to=${SAMPLE}`);
    expect(w.plant).toBe(true);
    expect(w.note).toBeNull();
    const t = truth(SAMPLE);
    expect(w.components.machines.length).toBe(10);
    for (const m of w.components.machines) {
      const want = t.by_machine[m.machine_id as string]!;
      expect([m.produced, m.defective], String(m.machine_id)).toEqual([
        want.units_produced,
        want.units_defective,
      ]);
    }
    for (const c of w.components.types) {
      const want = t.by_product[c.component_type as string]!;
      expect([c.produced, c.defective], String(c.component_type)).toEqual([
        want.units_produced,
        want.units_defective,
      ]);
    }
    expect(w.assembly.stations.length).toBe(3);
    for (const s of w.assembly.stations) {
      const want = t.by_machine[s.station_id as string]!;
      expect([s.built, s.defective], String(s.station_id)).toEqual([
        want.units_produced,
        want.units_defective,
      ]);
    }
    for (const a of w.assembly.types) {
      const want = t.by_product[a.widget_type as string]!;
      expect([a.built, a.defective], String(a.widget_type)).toEqual([
        want.units_produced,
        want.units_defective,
      ]);
    }
    const qc = w.qc.total!;
    expect([qc.checks, qc.passed, qc.failed]).toEqual([t.qc!.checks, t.qc!.passed, t.qc!.failed]);
    const buffers = Object.entries(t.buffers ?? {});
    expect(buffers.length).toBeGreaterThan(0);
    for (const [location, b] of buffers) {
      const inv = w.inventory.find((i) => i.location === location);
      expect(inv, location).toBeDefined();
      const { opening_on_hand, closing_on_hand, produced, consumed, shipped, received } = inv!;
      expect({ opening_on_hand, closing_on_hand, produced, consumed, shipped, received }, location).toEqual({
        opening_on_hand: b.opening,
        closing_on_hand: b.closing,
        produced: b.produced,
        consumed: b.consumed,
        shipped: b.shipped,
        received: b.received,
      });
    }
  });

  it('a range: opening of its first day, closing of its last, flows and counts summed (gold)', async () => {
    const w = await widgets(`factory=${W}&from=${DAYS[0]}&to=${DAYS[1]}`);
    const [first, last] = DAYS.map((d) => truth(d));
    for (const [location, b] of Object.entries(last!.buffers ?? {})) {
      const inv = w.inventory.find((i) => i.location === location)!;
      expect(inv.opening_on_hand, location).toBe(first!.buffers![location]!.opening);
      expect(inv.closing_on_hand, location).toBe(b.closing);
      expect(inv.produced, location).toBe(first!.buffers![location]!.produced + b.produced);
    }
    const [c] = await rows<{ n: number; d: number }>(
      server.wh,
      `SELECT count(*)::INT AS n, count(*) FILTER (WHERE is_defective)::INT AS d FROM gold.fct_component WHERE factory_id = '${W}'`,
    );
    expect([w.components.total!.produced, w.components.total!.defective]).toEqual([c!.n, c!.d]);
    const [o] = await rows<{ n: number }>(
      server.wh,
      `SELECT count(*)::INT AS n FROM gold.fct_order WHERE factory_id = '${W}'`,
    );
    expect(w.orders.total!.orders).toBe(o!.n);
    const [a] = await rows<{ n: number }>(
      server.wh,
      `SELECT count(*)::INT AS n FROM gold.fct_alert WHERE factory_id = '${W}'`,
    );
    expect(w.alerts.counts.reduce((s, x) => s + Number(x.alerts), 0)).toBe(a!.n);
  });

  it('a seed-format plant says "no data for this plant"; days without data and an unbuilt warehouse say "no data"', async () => {
    const factorio = await widgets(`factory=FACTORY-ALPHA&from=${DAYS[0]}&to=${DAYS[1]}`);
    expect(factorio.plant).toBe(false);
    expect(factorio.note).toMatch(/^no data for this plant/);
    expect(factorio.components).toBeUndefined();
    const none = await widgets(`factory=${W}&from=2024-01-01&to=2024-01-01`);
    expect(none.plant).toBe(true);
    expect(none.note).toBe('no data for these days');
    expect(none.components.total).toBeNull();
    expect(none.qc.total).toBeNull();
    const unbuilt = await widgets(`from=${SAMPLE}&to=${SAMPLE}`, emptyServer);
    expect(unbuilt.plant).toBeNull();
    expect(unbuilt.note).toMatch(/^no data/);
  });

  it('with two plants in the warehouse, the roll-up routes ask for ?factory= instead of mixing them', async () => {
    for (const route of ['oee', 'oee/trend', 'reliability', 'quality']) {
      const mixed = await get(server, `/api/${route}?from=${DAYS[0]}&to=${DAYS[1]}`);
      expect(mixed.status, route).toBe(400);
      expect(String(mixed.body.error)).toMatch(
        /several factories .*FACTORY-ALPHA.*WIDGET-WORKS|several factories .*WIDGET-WORKS.*FACTORY-ALPHA/,
      );
      const one = await get(server, `/api/${route}?factory=${W}&from=${DAYS[0]}&to=${DAYS[1]}`);
      expect([one.status, one.body.factory], route).toEqual([200, W]);
    }
  });

  it('rejects bad and injected parameters with 400 and changes no table', async () => {
    const tables = ['gold.fct_component', 'gold.fct_widget_assembly', 'gold.fct_inventory', 'gold.fct_order'];
    const before = await Promise.all(tables.map((t) => tableHash(server.wh, t)));
    const bad = [
      `factory=${W}'; DROP TABLE gold.fct_component; --&from=${SAMPLE}&to=${SAMPLE}`,
      `factory=${W}&from=${SAMPLE}' OR '1'='1&to=${SAMPLE}`,
      `factory=${W}&from=${SAMPLE}&to=2025-12-02T00:00:00`,
      `factory=%2E%2E%2F%2E%2E%2Fetc%2Fpasswd&from=${SAMPLE}&to=${SAMPLE}`,
      `factory=${'A'.repeat(201)}&from=${SAMPLE}&to=${SAMPLE}`,
    ];
    for (const q of bad) {
      const r = await get(server, `/api/widgets?${q}`);
      expect(r.status, q).toBe(400);
    }
    expect(await Promise.all(tables.map((t) => tableHash(server.wh, t)))).toEqual(before);
  });
});
