/**
 * Exactly once under crashes: the ingester (`ironworks stream`, a child process) is SIGKILLed at
 * random moments while the simulator publishes a day of the widget factory in paced time, and
 * restarted each time. At the end bronze holds every published event exactly once: no record
 * missing, none twice, and the audit balances.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { type LiveSummary, simulateLive } from '../../../src/sim/live/run-live.ts';
import { type NatsServer, startNats } from '../../helpers/nats.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';
import { consuming, drainWithCli, exited, landed, publishedPerTable, streamChild } from './helpers.ts';

const KILLS = process.env.CI ? 5 : 6;
let nats: NatsServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  nats = await startNats({ mqtt: false });
  dir = tempDir('stream-crash');
}, 30_000);

afterAll(async () => {
  await nats?.dispose();
  dir?.remove();
});

async function committedEvents(warehouse: string): Promise<number> {
  const wh = await Warehouse.open(warehouse, 'test');
  try {
    const [r] = await rows<{ n: string | null }>(wh, 'SELECT sum(events) AS n FROM ops.stream_offsets');
    return Number(r?.n ?? 0);
  } finally {
    await wh.close();
  }
}

it(`loses and duplicates nothing when the ingester is SIGKILLed ${KILLS} times mid-stream`, async () => {
  const scenario = loadScenario('widgets');
  const warehouse = join(dir.path, 'wh.duckdb');
  // One simulated day over ~20 s of wall time: events keep arriving while the ingester dies.
  const publishing: Promise<LiveSummary> = simulateLive({
    scenario,
    start: scenario.run.start,
    days: 1,
    seed: 11,
    out: join(dir.path, 'live'),
    nats: nats.url,
    speed: 86_400 / 20,
  });
  const kills: number[] = [];
  const progress: number[] = [];
  for (let k = 0; k < KILLS; k++) {
    const child = streamChild(nats.url, warehouse);
    // At a random point of its work, once it consumes (start-up is a few seconds on a busy machine).
    await consuming(child);
    const after = 50 + Math.floor(Math.random() * 1500);
    kills.push(after);
    await new Promise((r) => setTimeout(r, after));
    child.kill('SIGKILL');
    await exited(child);
    progress.push(await committedEvents(warehouse));
  }
  const summary = await publishing;
  // The kills hit an ingester at work: what it had committed grew between kills, never shrank.
  expect(progress, `killed after ${kills.join(', ')} ms`).toEqual([...progress].sort((a, b) => a - b));
  expect(new Set(progress).size, `committed after each kill: ${progress.join(', ')}`).toBeGreaterThan(
    KILLS / 2,
  );
  const drain = await drainWithCli(nats.url, warehouse);
  expect(drain.code, `${drain.stderr}\nkilled after ${kills.join(', ')} ms`).toBe(0);

  const expected = publishedPerTable(summary.rows);
  const wh = await Warehouse.open(warehouse, 'test');
  try {
    const got = await landed(wh, Object.keys(expected));
    for (const [table, n] of Object.entries(expected)) {
      const g = got[table];
      expect(g, table).toBeDefined();
      expect(
        { table, total: (g?.loaded ?? 0) + (g?.quarantined ?? 0), distinct: g?.distinct },
        `killed after ${kills.join(', ')} ms`,
      ).toEqual({
        table,
        total: n,
        distinct: n,
      });
    }
    const unbalanced = await rows(
      wh,
      `SELECT * FROM ops.raw_load_audit WHERE rows_read <> rows_loaded + rows_quarantined OR status <> 'SUCCESS'`,
    );
    expect(unbalanced).toEqual([]);
    // The audit counts each event once, too.
    const [a] = await rows<{ n: string }>(
      wh,
      `SELECT sum(rows_read) AS n FROM ops.raw_load_audit WHERE pipeline = 'stream' AND target_table NOT LIKE 'ref_%'`,
    );
    expect(Number(a?.n)).toBe(Object.values(expected).reduce((x, y) => x + y, 0));
  } finally {
    await wh.close();
  }
}, 120_000);
