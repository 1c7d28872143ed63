/**
 * `GET /api/reliability` and `/api/reliability/timeline` against gold and the ground truth on a real
 * served warehouse: MTBF (ISO: operating time / failures) and MTTR summed then divided once, failures
 * per machine × day equal truth.json, the timeline's state time per machine equals the truth's
 * states_s, "no data" on an unbuilt warehouse, and injection attempts get 400 and change nothing.
 */
import { describe, expect, it } from 'vitest';
import { rows, tableHash } from '../../helpers/warehouse.ts';
import { close, DAYS, emptyServer, get, type Row, SAMPLE, server, setupDemoApi, truth } from './demo-api.ts';

setupDemoApi();

describe('GET /api/reliability', () => {
  it('per machine × day equals kpi_reliability_machine_day and the truth; the range divides once', async () => {
    const { status, body } = await get(server, `/api/reliability?from=${DAYS[0]}&to=${DAYS.at(-1)}`);
    expect(status).toBe(200);
    expect(body.note).toBeNull();
    const gold = await rows<Row>(
      server.wh,
      'SELECT * FROM gold.kpi_reliability_machine_day ORDER BY event_date, machine_id',
    );
    // Each day's machines equal that day's mart rows and the day's truth.
    const keys = ['failures', 'restorations', 'ttr_s', 'operating_s', 'down_s', 'mtbf_s', 'mttr_s'];
    for (const day of DAYS) {
      const machines = (await get(server, `/api/reliability?from=${day}&to=${day}`)).body.machines as Row[];
      const mine = gold.filter((g) => g.event_date === day);
      expect(machines.map((m) => m.machine_id)).toEqual(mine.map((g) => g.machine_id));
      mine.forEach((g, i) => {
        for (const k of keys) close(machines[i]![k], g[k], `${day} ${g.machine_id} ${k}`);
        const t = truth(day).by_machine[g.machine_id as string]!;
        for (const k of ['failures', 'restorations', 'ttr_s', 'operating_s'] as const)
          close(machines[i]![k], t.time![k], `truth ${day} ${g.machine_id} ${k}`);
        close(machines[i]!.mtbf_s, t.kpi!.mtbf_s, `truth ${day} ${g.machine_id} mtbf`);
        close(machines[i]!.mttr_s, t.kpi!.mttr_s, `truth ${day} ${g.machine_id} mttr`);
      });
    }
    // The range: sums divided once (MTBF over three days is not the mean of daily MTBFs).
    const sum = (k: string) => gold.reduce((a, g) => a + Number(g[k]), 0);
    const total = body.total as Row;
    expect(sum('failures')).toBeGreaterThan(0); // else the comparison below says nothing
    close(total.failures, sum('failures'), 'failures');
    close(total.mtbf_s, sum('operating_s') / sum('failures'), 'MTBF');
    close(total.mttr_s, sum('ttr_s') / sum('restorations'), 'MTTR');
    for (const m of body.machines as Row[]) {
      const mine = gold.filter((g) => g.machine_id === m.machine_id);
      const f = mine.reduce((a, g) => a + Number(g.failures), 0);
      const op = mine.reduce((a, g) => a + Number(g.operating_s), 0);
      close(m.mtbf_s, f === 0 ? null : op / f, `${m.machine_id} MTBF`);
    }
  });

  it('lists the failures of the range: those of kpi_failure_events, as many as the truth counts', async () => {
    const { body } = await get(server, `/api/reliability?from=${DAYS[0]}&to=${DAYS.at(-1)}`);
    const failures = body.failures as Row[];
    const gold = await rows<Row>(server.wh, 'SELECT failure_key, ttr_s FROM gold.kpi_failure_events');
    expect(failures.map((f) => f.failure_key).sort()).toEqual(gold.map((g) => g.failure_key).sort());
    const truthFailures = DAYS.reduce(
      (a, d) => a + Object.values(truth(d).by_machine).reduce((b, m) => b + m.time!.failures, 0),
      0,
    );
    expect(failures).toHaveLength(truthFailures);
    const day = (await get(server, `/api/reliability?from=${SAMPLE}&to=${SAMPLE}`)).body;
    for (const f of day.failures as Row[]) {
      const t = truth(SAMPLE).by_machine[f.machine_id as string]!;
      expect(f.failure_date).toBe(SAMPLE);
      close(f.ttr_s, t.time!.ttr_s, `truth TTR ${f.machine_id}`);
    }
  });

  it('the timeline pages machines and holds every state interval of the day; its time per machine and state equals the truth', async () => {
    interface Timeline {
      truncated: boolean;
      machineCount: number;
      base: number;
      states: string[];
      machines: { id: string; state: number[]; start: number[]; end: number[]; reasonIndex: number[] }[];
    }
    const page = async (q: string) => {
      const r = await get(server, `/api/reliability/timeline?from=${SAMPLE}&to=${SAMPLE}${q}`);
      expect(r.status, q).toBe(200);
      return r.body as unknown as Timeline;
    };
    // Every machine, two at a time: the pages add up to the whole day without overlap.
    const first = await page('&machines=2');
    expect(first.truncated).toBe(false);
    const all: Timeline['machines'] = [];
    const intervals: [string, string, number][] = [];
    for (let offset = 0; offset < first.machineCount; offset += 2) {
      const p = await page(`&machines=2&offset=${offset}`);
      expect(p.machineCount).toBe(first.machineCount);
      expect(p.base).toBe(first.base);
      expect(p.machines.length).toBeLessThanOrEqual(2);
      all.push(...p.machines);
      for (const m of p.machines)
        m.state.forEach((st, i) => {
          expect(m.end[i]!).toBeGreaterThan(m.start[i]!);
          if (i > 0) expect(m.start[i]!).toBeGreaterThanOrEqual(m.end[i - 1]!); // time order, no overlap
          intervals.push([m.id, p.states[st]!, m.end[i]! - m.start[i]!]);
        });
    }
    const ids = all.map((m) => m.id);
    expect(ids).toEqual([...new Set(ids)].sort());
    expect(ids).toHaveLength(first.machineCount);
    // Pieces cut at shift boundaries are glued back: one interval per state interval of the day.
    const [n] = await rows<{ n: number; m: number }>(
      server.wh,
      `SELECT count(DISTINCT (machine_id, interval_start_at))::INT AS n, count(DISTINCT machine_id)::INT AS m
       FROM gold.fct_machine_state WHERE event_date = '${SAMPLE}'`,
    );
    expect(intervals).toHaveLength(n!.n);
    expect(first.machineCount).toBe(n!.m);
    const t = truth(SAMPLE);
    let compared = 0;
    for (const [machine, m] of Object.entries(t.by_machine)) {
      for (const [state, seconds] of Object.entries(m.states_s ?? {})) {
        const got = intervals.filter((i) => i[0] === machine && i[1] === state).reduce((a, i) => a + i[2], 0);
        close(got, seconds, `${machine} ${state}`);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
    // Several days: an interval running over midnight comes back whole, the time per state unchanged.
    const two = (await get(server, `/api/reliability/timeline?from=${DAYS[0]}&to=${DAYS[1]}&machines=100`))
      .body as unknown as Timeline;
    const perDay = await rows<{ n: number }>(
      server.wh,
      `SELECT count(DISTINCT (machine_id, interval_start_at, event_date))::INT AS n FROM gold.fct_machine_state
       WHERE event_date IN ('${DAYS[0]}', '${DAYS[1]}')`,
    );
    const twoCount = two.machines.reduce((a, m) => a + m.state.length, 0);
    expect(twoCount).toBeLessThan(perDay[0]!.n);
    const one = await page('&machine=SMELTER-01&limit=5');
    expect(one.truncated).toBe(true);
    expect(one.machineCount).toBe(1);
    expect(one.machines.map((m) => m.id)).toEqual(['SMELTER-01']);
    expect(one.machines[0]!.state).toHaveLength(5);
  });

  it('days without data and an unbuilt warehouse answer "no data" with null MTBF/MTTR, not zeros', async () => {
    const none = await get(server, '/api/reliability?from=2024-01-01&to=2024-01-01');
    expect(none.body.total).toBeNull();
    expect(none.body.note).toBe('no data for these days');
    const unbuilt = await get(emptyServer, `/api/reliability?from=${SAMPLE}&to=${SAMPLE}`);
    expect(unbuilt.status).toBe(200);
    expect(unbuilt.body.total).toBeNull();
    expect(unbuilt.body.failures).toEqual([]);
    expect(unbuilt.body.note).toMatch(/^no data/);
    const timeline = await get(emptyServer, `/api/reliability/timeline?from=${SAMPLE}&to=${SAMPLE}`);
    expect(timeline.body.machines).toEqual([]);
    expect(timeline.body.note).toMatch(/^no data/);
  });

  it('rejects bad and injected parameters with 400 and changes no table', async () => {
    const tables = ['gold.kpi_reliability_machine_day', 'gold.kpi_failure_events', 'gold.fct_machine_state'];
    const before = await Promise.all(tables.map((t) => tableHash(server.wh, t)));
    const bad = [
      `/api/reliability?from=${SAMPLE}'--&to=${SAMPLE}`,
      `/api/reliability?from=${SAMPLE}&to=${SAMPLE}&factory=%27%3B%20DROP%20TABLE%20gold.kpi_failure_events%3B--`,
      `/api/reliability/timeline?from=${SAMPLE}&to=${SAMPLE}&machine=SMELTER-01' OR '1'='1`,
      `/api/reliability/timeline?from=${SAMPLE}&to=${SAMPLE}&machine=..%2F..%2Fetc%2Fpasswd`,
      `/api/reliability/timeline?from=${SAMPLE}&to=${SAMPLE}&limit=1;DELETE FROM gold.fct_machine_state`,
      `/api/reliability/timeline?from=${SAMPLE}&to=${SAMPLE}&limit=0`,
      `/api/reliability/timeline?from=${SAMPLE}&to=${SAMPLE}&limit=1000001`,
      `/api/reliability/timeline?from=${SAMPLE}&to=${SAMPLE}&offset=-1`,
      `/api/reliability/timeline?from=${SAMPLE}&to=${SAMPLE}&machines=0`,
      `/api/reliability/timeline?from=${SAMPLE}&to=${SAMPLE}&machines=1 OR 1=1`,
      '/api/reliability/timeline?from=2025-01-01&to=2025-12-31',
      `/api/reliability?from=${DAYS.at(-1)}&to=${DAYS[0]}`,
    ];
    for (const path of bad) {
      const r = await get(server, path);
      expect(r.status, path).toBe(400);
    }
    expect(await Promise.all(tables.map((t) => tableHash(server.wh, t)))).toEqual(before);
  });
});
