/**
 * Malformed events go to bronze.quarantine with the reason (stream, sequence, subject) and their
 * exact bytes; good events around them land; events without the ironworks envelope (an MQTT
 * device, another producer) are named by their factory, day and sequence. The audit balances, and
 * the in-process status shows each consumer while the ingester runs.
 */
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HEADERS } from '../../../src/contracts/stream.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { StreamIngester } from '../../../src/stream/ingester.ts';
import { getStreamStatus } from '../../../src/stream/status.ts';
import { type NatsServer, startNats } from '../../helpers/nats.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

let nats: NatsServer;
let nc: NatsConnection;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  nats = await startNats({ mqtt: false });
  nc = await connect({ servers: nats.url });
  dir = tempDir('stream-quarantine');
}, 30_000);

afterAll(async () => {
  await nc?.close();
  await nats?.dispose();
  dir?.remove();
});

const enc = new TextEncoder();

it('quarantines malformed events with their bytes and lands the rest', async () => {
  const wh = await Warehouse.open(join(dir.path, 'wh.duckdb'), 'test');
  try {
    const ing = await StreamIngester.start({ nats: nats.url, conn: wh.conn });
    const status = getStreamStatus();
    expect(status?.streams.map((s) => s.table)).toContain('machine_telemetry');
    const js = jetstream(nc);
    const tel = 'ironworks.machine-telemetry.WW.M1';
    const src = 'WW/raw_data/2025-12-01/machine-telemetry.jsonl';
    const send = (subject: string, payload: Uint8Array, source: string | null, ordinal: number) => {
      const h = headers();
      if (source) {
        h.set(HEADERS.source, source);
        h.set(HEADERS.ordinal, String(ordinal));
        h.set(HEADERS.dropDate, '2025-12-01');
      }
      return js.publish(subject, payload, { headers: h });
    };
    const invalid = new Uint8Array([...enc.encode('{"machine_id":"M'), 0xff, ...enc.encode('1"}')]);
    await send(
      tel,
      enc.encode('{"machine_id":"M1","metrics":{"temperature_celsius":70.50},"status":"running"}'),
      src,
      1,
    );
    await send(tel, enc.encode('{"machine_id":"M1","timest'), src, 2);
    await send(tel, invalid, src, 3);
    await send(tel, enc.encode('[1,2]'), src, 4);
    // No envelope: named by the subject's factory, the event's own day and the stream sequence.
    const bare = await send(
      tel,
      enc.encode('{"machine_id":"M2","timestamp":"2025-12-03T10:00:00.000000"}'),
      null,
      0,
    );
    const pb = 'ironworks.production-batches.FA.SMELTER-01';
    const pbSrc = 'FA/raw_data/2025-12-01/production_batches.csv';
    await send(
      pb,
      enc.encode(
        '{"batch_id":"B1","units_produced":5,"units_defective":0,"product_name":"","end_time":null}',
      ),
      pbSrc,
      1,
    );
    await send(pb, enc.encode('B2,SMELTER-01,Iron Pl'), pbSrc, 2);
    await ing.waitIdle({ quietMs: 100 });
    const tel5 = getStreamStatus()?.streams.find((x) => x.table === 'machine_telemetry');
    expect(tel5).toMatchObject({
      stream: 'IRONWORKS_MACHINE_TELEMETRY',
      committedSeq: 5,
      lastSeq: 5,
      pending: 0,
      ackPending: 0,
      lagSeconds: 0,
    });
    expect(tel5?.eventsPerSec).toBeGreaterThan(0);
    await ing.stop();
    expect(getStreamStatus()).toBeNull();

    const tRows = await rows(
      wh,
      `SELECT machine_id, metrics, _source_file, _ordinal, _logical_date::VARCHAR AS d FROM bronze.machine_telemetry ORDER BY _ordinal`,
    );
    expect(tRows).toEqual([
      {
        machine_id: 'M1',
        metrics: '{"temperature_celsius":70.5}',
        _source_file: src,
        _ordinal: '1',
        d: '2025-12-01',
      },
      {
        machine_id: 'M2',
        metrics: null,
        _source_file: 'WW/stream/IRONWORKS_MACHINE_TELEMETRY/2025-12-03',
        _ordinal: String(bare.seq),
        d: '2025-12-03',
      },
    ]);
    const q = await rows<{ t: string; o: string; e: string; reason: string; hex: string }>(
      wh,
      `SELECT target_table AS t, _ordinal AS o, error_type AS e, reason, hex(raw_bytes) AS hex FROM bronze.quarantine ORDER BY t, o`,
    );
    expect(q.map((x) => [x.t, x.o, x.e])).toEqual([
      ['machine_telemetry', '2', 'BROKEN_JSON'],
      ['machine_telemetry', '3', 'INVALID_UTF8'],
      ['machine_telemetry', '4', 'NOT_AN_OBJECT'],
      ['production_batches', '2', 'BROKEN_JSON'],
    ]);
    expect(q[1]?.hex).toBe(Buffer.from(invalid).toString('hex').toUpperCase());
    expect(q[0]?.reason).toMatch(
      /^stream IRONWORKS_MACHINE_TELEMETRY seq 2 subject ironworks\.machine-telemetry\.WW\.M1: not valid JSON/,
    );
    expect(q[2]?.reason).toMatch(/a JSON array, not an object/);

    // A CSV topic's values are the CSV's text: numbers as written, empty text and null as NULL.
    const b = await rows(
      wh,
      `SELECT batch_id, units_produced, product_name, end_time FROM bronze.production_batches`,
    );
    expect(b).toEqual([{ batch_id: 'B1', units_produced: '5', product_name: null, end_time: null }]);

    const audit = await rows<{ read: string; loaded: string; q: string }>(
      wh,
      `SELECT sum(rows_read) AS read, sum(rows_loaded) AS loaded, sum(rows_quarantined) AS q FROM ops.raw_load_audit WHERE pipeline = 'stream'`,
    );
    expect(audit).toEqual([{ read: '7', loaded: '3', q: '4' }]);
    // The rows are visible where the models read them.
    const cur = await rows(wh, `SELECT count(*)::INT AS n FROM bronze.machine_telemetry_current`);
    expect(cur).toEqual([{ n: 2 }]);
  } finally {
    await wh.close();
  }
});
