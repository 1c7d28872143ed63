/**
 * `serve --nats`: the server runs the stream ingester beside the API (on a connection of its own),
 * its status is served at /api/stream, and events published meanwhile land in bronze.
 */
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer } from '../../../src/server/serve.ts';
import { type NatsServer, startNats } from '../../helpers/nats.ts';
import { tempDir } from '../../helpers/tmp.ts';

let nats: NatsServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  nats = await startNats({ mqtt: false });
  dir = tempDir('stream-serve');
}, 30_000);

afterAll(async () => {
  await nats?.dispose();
  dir?.remove();
});

it('streams into bronze while serving, and reports it at /api/stream', async () => {
  const s = await startServer({
    dataDir: dir.path,
    host: '127.0.0.1',
    port: 0,
    token: null,
    schedule: '',
    webRoot: null,
    nats: nats.url,
  });
  try {
    const nc = await connect({ servers: nats.url });
    const js = jetstream(nc);
    for (let i = 1; i <= 3; i++)
      await js.publish(
        'ironworks.factory-alerts.WW._',
        JSON.stringify({ alert_id: `A${i}`, timestamp: '2025-12-01T08:00:00.000000', severity: 'info' }),
      );
    await nc.close();
    let alerts: { committedSeq: number; pending: number } | undefined;
    for (let k = 0; k < 100 && alerts?.committedSeq !== 3; k++) {
      await new Promise((r) => setTimeout(r, 100));
      const body = (await (await fetch(`${s.url}/api/stream`)).json()) as {
        stream: { streams: Array<{ table: string; committedSeq: number; pending: number }> } | null;
      };
      alerts = body.stream?.streams.find((x) => x.table === 'factory_alerts');
    }
    expect(alerts).toMatchObject({ committedSeq: 3, pending: 0 });
  } finally {
    await s.close();
  }
  // The ingester stopped with the server: its status is gone.
  const { getStreamStatus } = await import('../../../src/stream/status.ts');
  expect(getStreamStatus()).toBeNull();
}, 60_000);
