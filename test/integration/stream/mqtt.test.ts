/**
 * MQTT ingress: the simulator sends the seed plant's sensor readings over MQTT 3.1.1 (QoS 1) to
 * nats-server's MQTT listener; the topic maps to the stream's subject, the stream captures it and
 * the ingester lands every reading in bronze.sensor_logs with the same values the file drop holds.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { simulateLive } from '../../../src/sim/live/run-live.ts';
import { simulate } from '../../../src/sim/run.ts';
import { StreamIngester } from '../../../src/stream/ingester.ts';
import { type NatsServer, startNats } from '../../helpers/nats.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

let nats: NatsServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  nats = await startNats({ mqtt: true });
  dir = tempDir('stream-mqtt');
}, 30_000);

afterAll(async () => {
  await nats?.dispose();
  dir?.remove();
});

it('lands telemetry published over MQTT', async () => {
  const scenario = loadScenario('factorio');
  const base = { scenario, start: scenario.run.start, days: 1, seed: 5 };
  const live = await simulateLive({
    ...base,
    out: join(dir.path, 'live'),
    nats: nats.url,
    mqtt: nats.mqttUrl,
    speed: 'max',
  });
  const readings = live.rows.sensor_logs ?? 0;
  expect(readings).toBeGreaterThan(50);
  expect(live.live.mqtt).toBe(readings);

  const wh = await Warehouse.open(join(dir.path, 'stream.duckdb'), 'test');
  const files = await Warehouse.open(join(dir.path, 'files.duckdb'), 'test');
  try {
    const ing = await StreamIngester.start({ nats: nats.url, conn: wh.conn });
    await ing.waitIdle();
    await ing.stop();
    await simulate({ ...base, out: join(dir.path, 'drop') });
    await ingest(files, { sourceDir: join(dir.path, 'drop') });

    const values = `SELECT machine_id, timestamp, temperature, pressure, energy_kwh, efficiency_percent FROM bronze.sensor_logs ORDER BY ALL`;
    const got = await rows(wh, values);
    expect(got).toHaveLength(readings);
    expect(got).toEqual(await rows(files, values));
    // MQTT 3.1.1 carries no headers: the rows are named by factory, day and stream sequence.
    const names = await rows(
      wh,
      `SELECT DISTINCT _source_file, _logical_date::VARCHAR AS d FROM bronze.sensor_logs ORDER BY ALL`,
    );
    expect(names).toEqual([
      { _source_file: `${scenario.factory.id}/stream/IRONWORKS_TELEMETRY/${base.start}`, d: base.start },
    ]);
    // Everything else still came through JetStream with its envelope.
    const [pb] = await rows<{ n: string }>(wh, `SELECT count(*) AS n FROM bronze.production_batches`);
    expect(Number(pb?.n)).toBe(live.rows.production_batches);
  } finally {
    await wh.close();
    await files.close();
  }
});
