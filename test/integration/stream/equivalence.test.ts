/**
 * The same scenario and seed, once written as files and ingested, once published live (speed max)
 * and streamed into bronze: the same models must build the same gold, table for table. Bronze
 * itself must hold the same rows apart from the columns that say how they came (load id, hash,
 * ingest time).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { simulateLive } from '../../../src/sim/live/run-live.ts';
import { simulate } from '../../../src/sim/run.ts';
import { StreamIngester } from '../../../src/stream/ingester.ts';
import { loadProject } from '../../../src/transform/project.ts';
import { build } from '../../../src/transform/runner.ts';
import { type NatsServer, startNats } from '../../helpers/nats.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows, tableHash } from '../../helpers/warehouse.ts';

let dir: ReturnType<typeof tempDir>;
const project = loadProject();

beforeAll(() => {
  dir = tempDir('stream-eq');
});

afterAll(() => {
  dir?.remove();
});

async function tables(wh: Warehouse, schema: string): Promise<string[]> {
  const r = await rows<{ t: string }>(
    wh,
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = '${schema}' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  return r.map((x) => x.t);
}

/** tableHash of every gold table, exactly: gold is the same bytes however it was loaded. */
async function goldHashes(wh: Warehouse): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await tables(wh, 'gold')) out[t] = await tableHash(wh, `gold."${t}"`);
  return out;
}

describe.each([
  ['factorio', 2],
  ['widgets', 1],
])('%s streamed live equals the file drop', (name, days) => {
  let files: Warehouse;
  let streamed: Warehouse;
  let nats: NatsServer;

  beforeAll(async () => {
    // A broker of its own: the streams hold only this scenario's events.
    nats = await startNats({ mqtt: false });
    const scenario = loadScenario(name);
    const base = { scenario, start: scenario.run.start, days, seed: 7 };
    const drop = join(dir.path, `${name}-files`);
    await simulate({ ...base, out: drop });
    files = await Warehouse.open(join(dir.path, `${name}-files.duckdb`), 'test');
    await ingest(files, { sourceDir: drop });
    await build(files, project);

    const live = await simulateLive({
      ...base,
      out: join(dir.path, `${name}-live`),
      nats: nats.url,
      speed: 'max',
    });
    expect(live.live.events).toBe(live.rowsTotal);
    streamed = await Warehouse.open(join(dir.path, `${name}-stream.duckdb`), 'test');
    const ing = await StreamIngester.start({
      nats: nats.url,
      conn: streamed.conn,
      consumerPrefix: `eq_${name}`,
    });
    await ing.waitIdle();
    await ing.stop();
    await build(streamed, project);
  }, 180_000);

  afterAll(async () => {
    await files?.close();
    await streamed?.close();
    await nats?.dispose();
  });

  it('builds identical gold tables', async () => {
    const a = await goldHashes(files);
    const b = await goldHashes(streamed);
    expect(Object.keys(a).length).toBeGreaterThan(5);
    expect(b).toEqual(a);
  });

  it('lands the same bronze rows as the file loaders', async () => {
    const meta = ['_load_id', '_file_sha256', '_ingested_at'];
    for (const t of await tables(files, 'bronze')) {
      if (t === 'quarantine') continue;
      const cols = (
        await rows<{ c: string }>(files, `SELECT name AS c FROM pragma_table_info('bronze.${t}')`)
      ).map((x) => `"${x.c}"`);
      const pick = cols.filter((c) => !meta.includes(c.slice(1, -1))).join(', ');
      const hash = async (wh: Warehouse) =>
        (
          await rows<{ h: string }>(
            wh,
            `SELECT md5(string_agg(x, '|' ORDER BY x)) || count(*) AS h FROM (SELECT (${pick})::VARCHAR AS x FROM bronze."${t}")`,
          )
        )[0]?.h;
      expect(await hash(streamed), t).toBe(await hash(files));
    }
  });

  it('quarantines what the file loaders quarantine, and audits balance', async () => {
    const q = `SELECT _source_file, _ordinal, target_table FROM bronze.quarantine ORDER BY ALL`;
    expect(await rows(streamed, q)).toEqual(await rows(files, q));
    const bad = await rows(
      streamed,
      `SELECT * FROM ops.raw_load_audit WHERE rows_read <> rows_loaded + rows_quarantined OR status <> 'SUCCESS'`,
    );
    expect(bad).toEqual([]);
  });
});
