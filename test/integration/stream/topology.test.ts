/**
 * The topology is created idempotently: a stream per seed 002 topic with the seed's retention, the
 * seed plant's streams and the reference stream; running it again changes nothing, and a stream
 * someone changed by hand is put back. Durable consumers left in step by a clean stop are kept.
 */
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureStreams, nanosOfDays, STREAMS } from '../../../src/contracts/stream.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { StreamIngester } from '../../../src/stream/ingester.ts';
import { type NatsServer, startNats } from '../../helpers/nats.ts';
import { tempDir } from '../../helpers/tmp.ts';

let nats: NatsServer;
let nc: NatsConnection;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  nats = await startNats({ mqtt: false });
  nc = await connect({ servers: nats.url });
  dir = tempDir('stream-topology');
}, 30_000);

afterAll(async () => {
  await nc?.close();
  await nats?.dispose();
  dir?.remove();
});

it('creates every stream once, with the seed retention, and leaves them alone the second time', async () => {
  const jsm = await jetstreamManager(nc);
  const first = await ensureStreams(jsm);
  expect(Object.values(first).every((v) => v === 'created')).toBe(true);
  expect(Object.keys(first)).toHaveLength(STREAMS.length);
  const second = await ensureStreams(jsm);
  expect(Object.values(second).every((v) => v === 'unchanged')).toBe(true);

  const days: Record<string, number> = {
    IRONWORKS_COMPONENT_PRODUCTION: 7,
    IRONWORKS_WIDGET_ASSEMBLY: 7,
    IRONWORKS_QUALITY_CONTROL: 7,
    IRONWORKS_MACHINE_TELEMETRY: 1,
    IRONWORKS_INVENTORY_UPDATES: 30,
    IRONWORKS_PRODUCTION_ORDERS: 7,
    IRONWORKS_FACTORY_ALERTS: 3,
  };
  for (const [name, d] of Object.entries(days)) {
    const c = (await jsm.streams.info(name)).config;
    expect(c.max_age, name).toBe(nanosOfDays(d));
    expect(c.storage).toBe('file');
  }
  const telemetry = (await jsm.streams.info('IRONWORKS_MACHINE_TELEMETRY')).config;
  expect(telemetry.subjects).toEqual(['ironworks.machine-telemetry.>']);
  const seedTelemetry = (await jsm.streams.info('IRONWORKS_TELEMETRY')).config;
  expect(seedTelemetry.subjects).toEqual(['ironworks.sensor-logs.>', 'ironworks.telemetry.>']);
  const ref = (await jsm.streams.info('IRONWORKS_REFERENCE')).config;
  expect(ref.max_msgs_per_subject).toBe(1);

  // Changed by hand: put back.
  await jsm.streams.update('IRONWORKS_FACTORY_ALERTS', {
    ...(await jsm.streams.info('IRONWORKS_FACTORY_ALERTS')).config,
    max_age: nanosOfDays(9),
  });
  const third = await ensureStreams(jsm);
  expect(third.IRONWORKS_FACTORY_ALERTS).toBe('updated');
  expect((await jsm.streams.info('IRONWORKS_FACTORY_ALERTS')).config.max_age).toBe(nanosOfDays(3));
});

it('keeps durable consumers that a clean stop left in step with the warehouse', async () => {
  const wh = await Warehouse.open(join(dir.path, 'wh.duckdb'), 'test');
  try {
    const a = await StreamIngester.start({ nats: nats.url, conn: wh.conn });
    expect(a.consumers.length).toBeGreaterThan(10);
    const js = jetstream(nc);
    for (let i = 0; i < 3; i++)
      await js.publish(
        'ironworks.machine-telemetry.F1.M1',
        JSON.stringify({ machine_id: 'M1', timestamp: '2025-12-01T00:00:0' + i }),
      );
    await a.waitIdle({ quietMs: 100 });
    expect((await a.stop()).events).toBe(3);
    const b = await StreamIngester.start({ nats: nats.url, conn: wh.conn });
    await b.waitIdle({ quietMs: 100 });
    const totals = await b.stop();
    expect(totals.repositions).toBe(0);
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const c of jsm.consumers.list('IRONWORKS_MACHINE_TELEMETRY')) names.push(c.name);
    expect(names).toEqual(['ironworks_bronze_machine_telemetry']);
  } finally {
    await wh.close();
  }
});
