/**
 * `GET /api/oee` against gold and the ground truth, on a real warehouse served by the real server:
 * every grain equals the KPI marts, the range roll-up sums times and divides once, the sample day's
 * ISO 22400 time elements and KPIs equal truth.json, the loss waterfall adds up to OEE × PBT, an
 * unbuilt warehouse answers "no data" (null, never 0), and injection attempts get 400 and change nothing.
 */
import { describe, expect, it } from 'vitest';
import { rows, tableHash } from '../../helpers/warehouse.ts';
import { close, DAYS, emptyServer, get, type Row, SAMPLE, server, setupDemoApi, truth } from './demo-api.ts';

setupDemoApi();

const TIME_KEYS = ['pot_s', 'planned_downtime_s', 'pbt_s', 'apt_s', 'asut_s', 'adet_s', 'down_s', 'adot_s'];

const COUNT_KEYS = ['pq', 'gq', 'sq', 'ideal_time_s', 'failures', 'restorations', 'ttr_s', 'operating_s'];

const KPI_KEYS = ['availability', 'performance', 'quality', 'oee', 'scrap_ratio', 'mtbf_s', 'mttr_s'];

function sameColumns(api: Row, gold: Row, keys: string[], label: string): void {
  for (const k of keys) close(api[k], gold[k], `${label} ${k}`);
}

describe('GET /api/oee', () => {
  it('a day equals the KPI marts at factory, machine and machine × shift grain', async () => {
    const { status, body } = await get(server, `/api/oee?from=${SAMPLE}&to=${SAMPLE}`);
    expect(status).toBe(200);
    expect(body.note).toBeNull();
    const keys = [...TIME_KEYS, ...COUNT_KEYS, ...KPI_KEYS, 'energy_kwh', 'energy_per_good_unit_kwh'];
    const [factory] = await rows(
      server.wh,
      `SELECT * FROM gold.kpi_oee_factory_day WHERE event_date = '${SAMPLE}'`,
    );
    sameColumns(body.total as Row, factory!, keys, 'factory');
    const machines = await rows(
      server.wh,
      `SELECT * FROM gold.kpi_oee_machine_day WHERE event_date = '${SAMPLE}' ORDER BY machine_id`,
    );
    const apiMachines = body.machines as Row[];
    expect(apiMachines.map((m) => m.machine_id)).toEqual(machines.map((m) => m.machine_id));
    machines.forEach((m, i) => {
      sameColumns(apiMachines[i]!, m, keys, `machine ${m.machine_id}`);
    });
    const shifts = await rows(
      server.wh,
      `SELECT * FROM gold.kpi_oee_machine_shift WHERE event_date = '${SAMPLE}' ORDER BY machine_id, shift_id NULLS LAST`,
    );
    const detail = await get(server, `/api/oee/shifts?from=${SAMPLE}&to=${SAMPLE}`);
    expect(detail.status).toBe(200);
    expect(body.machineShifts).toBeUndefined(); // the heavy detail is asked apart
    const apiShifts = detail.body.machineShifts as Row[];
    expect(apiShifts.map((m) => `${m.machine_id}/${m.shift_id}`)).toEqual(
      shifts.map((m) => `${m.machine_id}/${m.shift_id}`),
    );
    shifts.forEach((m, i) => {
      sameColumns(apiShifts[i]!, m, keys, `shift ${m.machine_id}/${m.shift_id}`);
    });
    // Factory × shift sums the machines' shifts; one machine's detail is that machine's rows alone.
    for (const f of detail.body.shifts as Row[]) {
      const mine = shifts.filter((m) => m.shift_id === f.shift_id);
      close(
        f.pq,
        mine.reduce((a, m) => a + Number(m.pq), 0),
        `shift ${f.shift_id} pq`,
      );
      close(
        f.pbt_s,
        mine.reduce((a, m) => a + Number(m.pbt_s), 0),
        `shift ${f.shift_id} pbt`,
      );
    }
    const m0 = machines[0]!.machine_id as string;
    const one = await get(server, `/api/oee/shifts?from=${SAMPLE}&to=${SAMPLE}&machine=${m0}`);
    expect(one.body.shifts).toBeNull();
    expect((one.body.machineShifts as Row[]).map((r) => `${r.machine_id}/${r.shift_id}`)).toEqual(
      shifts.filter((r) => r.machine_id === m0).map((r) => `${r.machine_id}/${r.shift_id}`),
    );
  });

  it('a range sums the times and counts of its days and divides once', async () => {
    const { body } = await get(server, `/api/oee?from=${DAYS[0]}&to=${DAYS.at(-1)}`);
    const days = await rows<Row>(server.wh, `SELECT * FROM gold.kpi_oee_factory_day ORDER BY event_date`);
    const sum = (k: string, of: Row[] = days) => of.reduce((a, d) => a + Number(d[k]), 0);
    const t = body.total as Row;
    for (const k of [...TIME_KEYS, ...COUNT_KEYS]) close(t[k], sum(k), `range ${k}`);
    close(t.availability, sum('apt_s') / sum('pbt_s'), 'range availability');
    close(t.performance, sum('ideal_time_s') / sum('apt_s'), 'range performance');
    close(t.quality, sum('gq') / sum('pq'), 'range quality');
    close(
      t.oee,
      (sum('apt_s') / sum('pbt_s')) * (sum('ideal_time_s') / sum('apt_s')) * (sum('gq') / sum('pq')),
      'range oee',
    );
    // Per machine: the machine mart's days summed, divided once.
    const md = await rows<Row>(server.wh, 'SELECT * FROM gold.kpi_oee_machine_day');
    for (const m of body.machines as Row[]) {
      const mine = md.filter((x) => x.machine_id === m.machine_id);
      expect(mine).toHaveLength(DAYS.length);
      close(m.pq, sum('pq', mine), `${m.machine_id} pq`);
      close(m.availability, sum('apt_s', mine) / sum('pbt_s', mine), `${m.machine_id} availability`);
      close(m.quality, sum('gq', mine) / sum('pq', mine), `${m.machine_id} quality`);
    }
  });

  it('the trend holds each day of the factory mart and the same range total', async () => {
    const { status, body } = await get(server, `/api/oee/trend?from=${DAYS[0]}&to=${DAYS.at(-1)}`);
    expect(status).toBe(200);
    const days = await rows<Row>(server.wh, `SELECT * FROM gold.kpi_oee_factory_day ORDER BY event_date`);
    const api = body.days as Row[];
    expect(api.map((d) => d.event_date)).toEqual(DAYS);
    days.forEach((d, i) => {
      sameColumns(
        api[i]!,
        d,
        [...TIME_KEYS, 'pq', 'gq', 'sq', 'ideal_time_s', ...KPI_KEYS.slice(0, 4)],
        `day ${d.event_date}`,
      );
    });
    const range = (await get(server, `/api/oee?from=${DAYS[0]}&to=${DAYS.at(-1)}`)).body.total as Row;
    sameColumns(
      body.total as Row,
      range,
      ['pbt_s', 'apt_s', 'pq', 'gq', ...KPI_KEYS.slice(0, 4)],
      'trend total',
    );
    const none = await get(server, '/api/oee/trend?from=2024-01-01&to=2024-01-02');
    expect([none.body.total, none.body.note]).toEqual([null, 'no data for these days']);
    expect((await get(server, `/api/oee/trend?from=${SAMPLE}'--&to=${SAMPLE}`)).status).toBe(400);
  });

  it("the sample day's time elements and KPIs equal the truth per machine, machine × shift and factory", async () => {
    const { body } = await get(server, `/api/oee?from=${SAMPLE}&to=${SAMPLE}`);
    const detail = (await get(server, `/api/oee/shifts?from=${SAMPLE}&to=${SAMPLE}`)).body;
    const t = truth(SAMPLE);
    const machines = body.machines as Row[];
    expect(machines.map((m) => m.machine_id).sort()).toEqual(Object.keys(t.by_machine).sort());
    for (const m of machines) {
      const want = t.by_machine[m.machine_id as string]!;
      sameColumns(m, want.time as unknown as Row, [...TIME_KEYS, ...COUNT_KEYS], `truth ${m.machine_id}`);
      sameColumns(m, want.kpi as unknown as Row, KPI_KEYS, `truth ${m.machine_id}`);
      expect(m.pq).toBe(want.units_produced);
      expect(m.sq).toBe(want.units_defective);
    }
    const machineShifts = (detail.machineShifts as Row[]).filter((x) => x.shift_id !== null);
    expect(machineShifts.length).toBeGreaterThan(0);
    for (const s of machineShifts) {
      const want = t.by_machine_shift?.[s.machine_id as string]?.[s.shift_id as string];
      expect(want, `truth has ${s.machine_id}/${s.shift_id}`).toBeDefined();
      sameColumns(
        s,
        want as unknown as Row,
        [...TIME_KEYS, ...COUNT_KEYS],
        `truth ${s.machine_id}/${s.shift_id}`,
      );
    }
    sameColumns(
      body.total as Row,
      t.factory_totals.time as unknown as Row,
      [...TIME_KEYS, ...COUNT_KEYS],
      'truth factory',
    );
    sameColumns(body.total as Row, t.factory_totals.kpi as unknown as Row, KPI_KEYS, 'truth factory');
  });

  it('the loss waterfall runs from POT to fully productive time = OEE × PBT', async () => {
    const { body } = await get(server, `/api/oee?from=${DAYS[0]}&to=${DAYS.at(-1)}`);
    const t = body.total as Row;
    const steps = body.waterfall as { key: string; kind: string; seconds: number }[];
    const s = Object.fromEntries(steps.map((x) => [x.key, x.seconds]));
    close(s.pot, t.pot_s, 'POT');
    close(s.pot! - s.planned_downtime!, s.pbt, 'PBT');
    close(s.pbt! - s.asut! - s.down! - s.adet! - s.adot!, s.apt, 'APT');
    close(s.apt! - s.performance_loss!, s.net, 'net');
    close(s.net! - s.quality_loss!, s.fully_productive, 'fully productive');
    close(s.fully_productive! / s.pbt!, t.oee, 'OEE');
    // For one machine and one day, fully productive time is the truth's PRU × GQ = OEE × PBT.
    const day = (await get(server, `/api/oee?from=${SAMPLE}&to=${SAMPLE}`)).body;
    const m = (day.machines as Row[])[0]!;
    const want = truth(SAMPLE).by_machine[m.machine_id as string]!;
    const pru = Number(m.ideal_time_s) / Number(m.pq);
    close(pru * want.time!.gq, want.kpi!.oee! * want.time!.pbt_s, 'truth PRU × GQ');
  });

  it('days without data and an unbuilt warehouse answer "no data" with null KPIs, not zeros', async () => {
    const none = await get(server, '/api/oee?from=2024-01-01&to=2024-01-02');
    expect(none.status).toBe(200);
    expect(none.body.total).toBeNull();
    expect(none.body.waterfall).toBeNull();
    expect(none.body.note).toBe('no data for these days');
    const unbuilt = await get(emptyServer, `/api/oee?from=${SAMPLE}&to=${SAMPLE}`);
    expect(unbuilt.status).toBe(200);
    expect(unbuilt.body.total).toBeNull();
    expect(unbuilt.body.machines).toEqual([]);
    expect(unbuilt.body.note).toMatch(/^no data/);
  });

  it('rejects bad and injected parameters with 400 and changes no table', async () => {
    const tables = ['gold.kpi_oee_machine_shift', 'gold.kpi_oee_machine_day', 'gold.kpi_oee_factory_day'];
    const before = await Promise.all(tables.map((t) => tableHash(server.wh, t)));
    const bad = [
      `from=${SAMPLE}'; DROP TABLE gold.kpi_oee_machine_day; --&to=${SAMPLE}`,
      `from=${SAMPLE}&to=${SAMPLE}' OR '1'='1`,
      `from=${SAMPLE}&to=${SAMPLE}&factory=x' OR '1'='1`,
      `from=${SAMPLE}&to=${SAMPLE}&factory=FACTORY-ALPHA%27%3B%20DELETE%20FROM%20gold.kpi_oee_factory_day%3B--`,
      `from=2025-13-45&to=${SAMPLE}`,
      `from=${DAYS.at(-1)}&to=${DAYS[0]}`,
      `to=${SAMPLE}`,
      `from=../../etc/passwd&to=${SAMPLE}`,
    ];
    for (const q of [...bad, `from=${SAMPLE}&to=${SAMPLE}&machine=x' OR '1'='1`])
      for (const route of ['/api/oee', '/api/oee/shifts']) {
        if (q.includes('machine=') && route === '/api/oee') continue; // /api/oee has no machine
        const r = await get(server, `${route}?${q}`);
        expect(r.status, `${route}?${q}`).toBe(400);
        expect(typeof r.body.error).toBe('string');
      }
    expect(await Promise.all(tables.map((t) => tableHash(server.wh, t)))).toEqual(before);
  });
});
