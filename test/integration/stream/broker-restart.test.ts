/**
 * A broker restart mid-stream loses nothing: while the simulator publishes and the ingester
 * consumes, nats-server is stopped and started again on the same store. The publisher retries
 * with the same message ids (the stream keeps one copy), the ingester reconnects and repositions
 * from its committed sequence: bronze ends with every event exactly once.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { type LiveSummary, simulateLive } from '../../../src/sim/live/run-live.ts';
import { type NatsServer, startNats } from '../../helpers/nats.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { consuming, drainWithCli, exited, landed, publishedPerTable, streamChild } from './helpers.ts';

let nats: NatsServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  nats = await startNats({ mqtt: false });
  dir = tempDir('stream-broker');
}, 30_000);

afterAll(async () => {
  await nats?.dispose();
  dir?.remove();
});

it('loses nothing when the broker restarts mid-stream', async () => {
  const scenario = loadScenario('widgets');
  const warehouse = join(dir.path, 'wh.duckdb');
  const child = streamChild(nats.url, warehouse);
  await consuming(child);
  const publishing: Promise<LiveSummary> = simulateLive({
    scenario,
    start: scenario.run.start,
    days: 1,
    seed: 3,
    out: join(dir.path, 'live'),
    nats: nats.url,
    speed: 86_400 / 12,
  });
  await new Promise((r) => setTimeout(r, 4000));
  await nats.restart();
  const summary = await publishing;
  expect(summary.live.retries).toBeGreaterThan(0);
  child.kill('SIGTERM');
  expect(await exited(child)).toBe(0);
  const drain = await drainWithCli(nats.url, warehouse);
  expect(drain.code, drain.stderr).toBe(0);

  const expected = publishedPerTable(summary.rows);
  const wh = await Warehouse.open(warehouse, 'test');
  try {
    const got = await landed(wh, Object.keys(expected));
    for (const [table, n] of Object.entries(expected)) {
      const g = got[table];
      expect({ table, total: (g?.loaded ?? 0) + (g?.quarantined ?? 0), distinct: g?.distinct }).toEqual({
        table,
        total: n,
        distinct: n,
      });
    }
  } finally {
    await wh.close();
  }
}, 120_000);
