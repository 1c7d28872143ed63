/**
 * `GET /api/quality` against gold and the ground truth on a real served warehouse: the defect Pareto
 * equals kpi_defect_pareto_day for a day and kpi_defect_pareto for all days, its reasons and the QC
 * checks equal truth.json's qc, scrap per machine and product equals the truth's counts and the range
 * divides once, "no data" on an unbuilt warehouse, and injection attempts get 400 and change nothing.
 */
import { describe, expect, it } from 'vitest';
import { rows, tableHash } from '../../helpers/warehouse.ts';
import { close, DAYS, emptyServer, get, type Row, SAMPLE, server, setupDemoApi, truth } from './demo-api.ts';

setupDemoApi();

const paretoKeys = (r: Row) => [r.reason, Number(r.occurrences), Number(r.pareto_rank)];

describe('GET /api/quality', () => {
  it('the Pareto of a day and of every day equals the Pareto marts', async () => {
    const day = (await get(server, `/api/quality?from=${SAMPLE}&to=${SAMPLE}`)).body;
    const goldDay = await rows<Row>(
      server.wh,
      `SELECT * FROM gold.kpi_defect_pareto_day WHERE event_date = '${SAMPLE}' ORDER BY pareto_rank`,
    );
    const apiDay = day.pareto as Row[];
    expect(apiDay.map(paretoKeys)).toEqual(goldDay.map(paretoKeys));
    apiDay.forEach((r, i) => {
      close(r.share, goldDay[i]!.share, `share ${r.reason}`);
      close(r.cumulative_share, goldDay[i]!.cumulative_share, `cumulative ${r.reason}`);
    });
    const all = (await get(server, `/api/quality?from=${DAYS[0]}&to=${DAYS.at(-1)}`)).body;
    const goldAll = await rows<Row>(server.wh, 'SELECT * FROM gold.kpi_defect_pareto ORDER BY pareto_rank');
    expect((all.pareto as Row[]).map(paretoKeys)).toEqual(goldAll.map(paretoKeys));
    close((all.pareto as Row[]).at(-1)!.cumulative_share, 1, 'cumulative share ends at 1');
  });

  it("the sample day's reasons, checks and scrap per machine and product equal the truth", async () => {
    const { body } = await get(server, `/api/quality?from=${SAMPLE}&to=${SAMPLE}`);
    const t = truth(SAMPLE);
    const byReason = Object.fromEntries((body.pareto as Row[]).map((r) => [r.reason, r.occurrences]));
    expect(byReason).toEqual(t.qc!.by_reason);
    const checks = body.checks as Row;
    expect([checks.checks, checks.passed, checks.failed]).toEqual([t.qc!.checks, t.qc!.passed, t.qc!.failed]);
    const scrap = body.scrap as { total: Row; machines: Row[]; products: Row[] };
    expect(scrap.machines.map((m) => m.machine_id).sort()).toEqual(Object.keys(t.by_machine).sort());
    for (const m of scrap.machines) {
      const want = t.by_machine[m.machine_id as string]!;
      expect([m.pq, m.sq, m.gq], String(m.machine_id)).toEqual([
        want.units_produced,
        want.units_defective,
        want.good_units,
      ]);
      close(m.scrap_ratio, want.kpi!.scrap_ratio, `${m.machine_id} scrap ratio`);
    }
    for (const p of scrap.products) {
      const want = t.by_product[p.product_name as string]!;
      expect([p.pq, p.sq], String(p.product_name)).toEqual([want.units_produced, want.units_defective]);
    }
    expect([scrap.total.pq, scrap.total.sq]).toEqual([
      t.factory_totals.units_produced,
      t.factory_totals.units_defective,
    ]);
    close(scrap.total.scrap_ratio, t.factory_totals.kpi!.scrap_ratio, 'factory scrap ratio');
  });

  it('scrap over a range sums kpi_scrap and divides once', async () => {
    const { body } = await get(server, `/api/quality?from=${DAYS[0]}&to=${DAYS.at(-1)}`);
    const gold = await rows<Row>(server.wh, 'SELECT * FROM gold.kpi_scrap');
    const scrap = body.scrap as { total: Row; machineProducts: Row[] };
    const pq = gold.reduce((a, g) => a + Number(g.pq), 0);
    const sq = gold.reduce((a, g) => a + Number(g.sq), 0);
    expect([scrap.total.pq, scrap.total.sq]).toEqual([pq, sq]);
    close(scrap.total.scrap_ratio, sq / pq, 'range scrap ratio');
    for (const mp of scrap.machineProducts) {
      const mine = gold.filter((g) => g.machine_id === mp.machine_id && g.product_name === mp.product_name);
      expect(mp.sq).toBe(mine.reduce((a, g) => a + Number(g.sq), 0));
    }
  });

  it('days without data and an unbuilt warehouse answer "no data" (null), not zeros', async () => {
    const none = await get(server, '/api/quality?from=2024-01-01&to=2024-01-01');
    expect(none.body.scrap).toMatchObject({ total: null, machines: [] });
    expect(none.body.pareto).toEqual([]);
    expect(none.body.note).toBe('no data for these days');
    const unbuilt = await get(emptyServer, `/api/quality?from=${SAMPLE}&to=${SAMPLE}`);
    expect(unbuilt.status).toBe(200);
    expect(unbuilt.body.checks).toBeNull();
    expect((unbuilt.body.scrap as Row).total).toBeNull();
    expect(unbuilt.body.note).toMatch(/^no data/);
  });

  it('rejects bad and injected parameters with 400 and changes no table', async () => {
    const tables = ['gold.kpi_scrap', 'gold.kpi_defect_reasons', 'gold.fct_quality_check'];
    const before = await Promise.all(tables.map((t) => tableHash(server.wh, t)));
    const bad = [
      `from=${SAMPLE}' UNION SELECT * FROM ops.pipeline_runs --&to=${SAMPLE}`,
      `from=${SAMPLE}&to=${SAMPLE}%27%3B%20DROP%20TABLE%20gold.kpi_scrap%3B--`,
      `from=${SAMPLE}&to=${SAMPLE}&factory=FACTORY-ALPHA' OR 1=1 --`,
      `from=${SAMPLE}&to=${SAMPLE}&factory=..%2F..%2Fwarehouse.duckdb`,
      'from=2025-02-30&to=2025-03-01',
      '',
    ];
    for (const q of bad) {
      const r = await get(server, `/api/quality?${q}`);
      expect(r.status, q).toBe(400);
    }
    expect(await Promise.all(tables.map((t) => tableHash(server.wh, t)))).toEqual(before);
  });
});
