/**
 * Every API route on a copy of the demo warehouse answers the numbers in gold and ops (read here
 * straight from the server's own warehouse), and for a sample those equal the truth files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StreamStatus, setStreamStatus } from '../../../src/stream/status.ts';
import { rows } from '../../helpers/warehouse.ts';
import { type ApiServer, startApiServer } from './server.ts';

let s: ApiServer;
let days: string[];
let day: string;
const get = async <T = Record<string, unknown>>(path: string): Promise<T> => {
  const r = await s.raw(path);
  expect(r.status, `${path}: ${r.text.slice(0, 300)}`).toBe(200);
  return r.json as T;
};
const gold = <T = Record<string, unknown>>(sql: string) => rows<T>(s.server.wh, sql);

beforeAll(async () => {
  s = await startApiServer();
  days = (await get<{ days: { day: string }[] }>('/api/days')).days.map((d) => d.day);
  day = days[2] as string;
}, 600_000);
afterAll(async () => {
  await s?.close();
});

interface Truth {
  by_machine: Record<string, { units_produced: number; kpi: { oee: number } }>;
  by_product: Record<string, { units_produced: number }>;
  material_flow: { from: string; to: string; item: string; quantity: number }[];
}

describe('API over gold and ops', () => {
  it('GET /api/health and /api/days', async () => {
    expect((await get('/api/health')).status).toBe('ok');
    const truthDays = (
      await gold<{ d: string }>(
        `SELECT DISTINCT event_date::VARCHAR AS d FROM gold.kpi_oee_factory_day ORDER BY 1`,
      )
    ).map((r) => r.d);
    expect(days).toEqual(truthDays);
    expect(days.length).toBe(5);
  });

  it('GET /api/kpis/latest: the newest day of kpi_oee_machine_day, equal to the truth', async () => {
    const { kpis } = await get<{
      kpis: { machine_id: string; event_date: string; oee: number; pq: number }[];
    }>('/api/kpis/latest');
    const last = days.at(-1) as string;
    const expected = await gold<{ machine_id: string; oee: number }>(
      `SELECT machine_id, oee FROM gold.kpi_oee_machine_day WHERE event_date = '${last}' ORDER BY machine_id`,
    );
    expect(kpis.map((k) => [k.machine_id, k.event_date, k.oee])).toEqual(
      expected.map((e) => [e.machine_id, last, e.oee]),
    );
    const truth = s.truth(last) as unknown as Truth;
    for (const k of kpis) expect(k.oee).toBeCloseTo(truth.by_machine[k.machine_id]?.kpi.oee as number, 9);
  });

  it('GET /api/control/floor and /timeline: machines with output and plan; state intervals and runs', async () => {
    const f = {
      ...(await get<{
        machines: { machine_id: string; pq: number; planned_units: number; output_vs_plan: number }[];
      }>(`/api/control/floor?day=${day}`)),
      ...(await get<{
        states: { machine_id: string; states: string[]; starts: number[]; ends: number[] }[];
        production: { machine_id: string; units_produced: number }[];
      }>(`/api/control/timeline?day=${day}`)),
    };
    const truth = s.truth(day) as unknown as Truth;
    expect(f.machines.map((m) => m.machine_id).sort()).toEqual(Object.keys(truth.by_machine).sort());
    for (const m of f.machines) {
      expect(m.pq).toBe(truth.by_machine[m.machine_id]?.units_produced);
      expect(m.output_vs_plan).toBeCloseTo(m.pq / m.planned_units, 12);
      const runs = f.production.filter((r) => r.machine_id === m.machine_id);
      expect(runs.reduce((a, r) => a + r.units_produced, 0)).toBe(m.pq);
    }
    const [n] = await gold<{ n: number }>(
      `SELECT count(*)::INT AS n FROM gold.fct_machine_state WHERE event_date = '${day}'`,
    );
    expect(f.states.reduce((a, m) => a + m.states.length, 0)).toBe(n?.n);
    for (const m of f.states) {
      expect([m.starts.length, m.ends.length]).toEqual([m.states.length, m.states.length]);
      m.starts.forEach((st, i) => {
        expect(m.ends[i]).toBeGreaterThanOrEqual(st);
        if (i > 0) expect(st).toBeGreaterThanOrEqual(m.ends[i - 1] as number); // no overlaps
      });
    }
  });

  it('GET /api/control/health: efficiency over every day, sensor hours of the day', async () => {
    const h = await get<{ efficiency: { machine_id: string; efficiency: number }[]; sensors: unknown[] }>(
      `/api/control/health?day=${day}`,
    );
    const [n] = await gold<{ n: number; m: number }>(
      `SELECT count(*)::INT AS n, (SELECT count(*)::INT FROM gold.fct_sensor_hourly WHERE event_date = '${day}') AS m
       FROM gold.kpi_degradation_machine_day`,
    );
    expect(h.efficiency.length).toBe(n?.n);
    expect(h.sensors.length).toBe(n?.m);
    const s2 = h.efficiency.filter((r) => r.machine_id === 'SMELTER-02').map((r) => r.efficiency);
    expect(s2.at(-1)).toBeLessThan(s2[0] as number); // the degrading smelter
  });

  it('GET /api/control/flow: Sankey edges and product totals equal the truth', async () => {
    const f = await get<{
      edges: { from_node: string; to_node: string; item: string; quantity: number }[];
      products: { product_name: string; pq: number }[];
    }>(`/api/control/flow?day=${day}`);
    const truth = s.truth(day) as unknown as Truth;
    const key = (a: string, b: string, i: string) => `${a}>${b}:${i}`;
    expect(Object.fromEntries(f.edges.map((e) => [key(e.from_node, e.to_node, e.item), e.quantity]))).toEqual(
      Object.fromEntries(
        truth.material_flow.filter((e) => e.quantity > 0).map((e) => [key(e.from, e.to, e.item), e.quantity]),
      ),
    );
    expect(Object.fromEntries(f.products.map((p) => [p.product_name, p.pq]))).toEqual(
      Object.fromEntries(Object.entries(truth.by_product).map(([k, v]) => [k, v.units_produced])),
    );
  });

  it('GET /api/control/quality: counts equal the batch facts; an event per duplicate', async () => {
    const q = await get<{
      summary: { duplicated_batches: number; late_batches: number; null_measures: number };
      events: { kind: string }[];
    }>(`/api/control/quality?day=${day}`);
    const [g] = await gold<{ d: number; l: number; n: number }>(
      `SELECT count(*) FILTER (WHERE is_duplicated)::INT AS d, count(*) FILTER (WHERE is_late)::INT AS l,
              (SELECT sum(temperature_nulls + pressure_nulls + energy_nulls + efficiency_nulls)::INT
               FROM gold.fct_sensor_hourly WHERE event_date = '${day}') AS n
       FROM gold.fct_production_batch WHERE event_date = '${day}'`,
    );
    expect(q.summary.duplicated_batches).toBe(g?.d);
    expect(q.summary.late_batches).toBe(g?.l);
    expect(q.summary.null_measures).toBe(g?.n);
    expect(q.events.filter((e) => e.kind === 'duplicate').length).toBe(g?.d);
    expect(q.events.filter((e) => e.kind === 'late').length).toBe(g?.l);
  });

  it('GET /api/runs, /api/runs/:id and /api/pipeline/runs: the runs ledger', async () => {
    const ledger = await gold<{ run_id: string; status: string }>(
      `SELECT run_id, status FROM ops.pipeline_runs ORDER BY started_at DESC, run_id`,
    );
    const { runs } = await get<{ runs: { run_id: string; status: string }[] }>('/api/runs?limit=1000');
    expect(runs.map((r) => [r.run_id, r.status])).toEqual(ledger.map((r) => [r.run_id, r.status]));
    const one = await get<{ run: { run_id: string }; tasks: { task_id: string }[] }>(
      `/api/runs/${encodeURIComponent(`daily::${day}`)}`,
    );
    expect(one.run.run_id).toBe(`daily::${day}`);
    expect(one.tasks.map((t) => t.task_id)).toContain('verify');
    const p = await get<{ runs: unknown[]; tasks: { run_id: string }[] }>('/api/pipeline/runs?limit=3');
    expect(p.runs.length).toBe(3);
    const [t] = await gold<{ n: number }>(
      `SELECT count(*)::INT AS n FROM ops.task_runs WHERE run_id IN
         (SELECT run_id FROM ops.pipeline_runs ORDER BY started_at DESC, run_id LIMIT 3)`,
    );
    expect(p.tasks.length).toBe(t?.n);
    expect((await s.raw('/api/runs/daily::1999-01-01')).status).toBe(404);
  });

  it('GET /api/pipeline/loads and /dq: the load and data-quality audits', async () => {
    const l = await get<{
      loads: { rows_read: number }[];
      totals: { day: string | null; rows_read: number }[];
    }>(`/api/pipeline/loads?day=${day}`);
    const [a] = await gold<{ files: number; read: number; all: number }>(
      `SELECT count(*) FILTER (WHERE logical_date = '${day}')::INT AS files,
              sum(rows_read) FILTER (WHERE logical_date = '${day}')::INT AS read, sum(rows_read)::INT AS all
       FROM ops.raw_load_audit`,
    );
    expect(l.loads.length).toBe(a?.files);
    expect(l.loads.reduce((x, r) => x + r.rows_read, 0)).toBe(a?.read);
    expect(l.totals.reduce((x, r) => x + r.rows_read, 0)).toBe(a?.all);
    const dq = await get<{
      runs: { invocation_id: string; checks: number; passed: number }[];
      checks: unknown[];
    }>('/api/pipeline/dq?limit=5000');
    const newest = dq.runs[0] as { invocation_id: string; checks: number; passed: number };
    const [d] = await gold<{ n: number; p: number }>(
      `SELECT count(*)::INT AS n, count(*) FILTER (WHERE status = 'PASS')::INT AS p
       FROM ops.data_quality_audit WHERE invocation_id = '${newest.invocation_id}'`,
    );
    expect([newest.checks, newest.passed]).toEqual([d?.n, d?.p]);
    expect(dq.checks.length).toBe(d?.n);
  });

  it('GET /api/pipeline/verify: the newest verify run, every metric matching the truth', async () => {
    const v = await get<{
      summary: { verify_id: string; metrics: number; matched: number }[];
      rows: { metric: string; expected: number; actual: number; entity_type: string }[];
      chaos: { chaos_type: string; recall: number | null }[];
    }>(`/api/pipeline/verify?day=${day}`);
    const id = v.summary[0]?.verify_id as string;
    const [r] = await gold<{ n: number }>(
      `SELECT count(*)::INT AS n FROM ops.reconciliation WHERE verify_id = '${id}'`,
    );
    expect(v.summary.reduce((a, x) => a + x.metrics, 0)).toBe(r?.n);
    expect(v.summary.reduce((a, x) => a + x.matched, 0)).toBe(r?.n);
    const units = v.rows.find((x) => x.entity_type === 'factory' && x.metric === 'units_produced');
    const truth = s.truth(day) as unknown as { factory_totals: { units_produced: number } };
    expect(units?.expected).toBe(truth.factory_totals.units_produced);
    expect(units?.actual).toBe(truth.factory_totals.units_produced);
    expect(v.chaos.find((c) => c.chaos_type === 'duplicate_record')?.recall).toBe(1);
  });

  it('GET /api/pipeline/lineage: the model graph', async () => {
    const g = await get<{ nodes: { id: string }[]; edges: { from: string; to: string }[] }>(
      '/api/pipeline/lineage',
    );
    const ids = new Set(g.nodes.map((n) => n.id));
    expect(ids.has('gold.kpi_oee_machine_day')).toBe(true);
    for (const e of g.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
  });

  it('GET /api/stream: null without an ingester, the ingester status with one', async () => {
    expect(await get('/api/stream')).toEqual({ stream: null });
    const status: StreamStatus = {
      updatedAt: new Date().toISOString(),
      server: 'nats://127.0.0.1:4222',
      connected: true,
      totalEvents: 10,
      totalQuarantined: 0,
      streams: [
        {
          stream: 'S',
          consumer: 'c',
          table: 't',
          pending: 3,
          ackPending: 0,
          committedSeq: 7,
          lastSeq: 10,
          eventsPerSec: 2.5,
          lagSeconds: 1.5,
        },
      ],
    };
    setStreamStatus(status);
    try {
      expect(await get('/api/stream')).toEqual({ stream: status });
    } finally {
      setStreamStatus(null);
    }
  });

  it('answers 404 for an unknown API route and 400 for an impossible day', async () => {
    expect((await s.raw('/api/nope')).status).toBe(404);
    expect((await s.raw('/api/control/floor?day=2025-02-30')).status).toBe(400);
    expect((await s.raw('/api/control/floor')).status).toBe(400);
  });
});
