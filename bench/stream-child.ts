/**
 * The stream benchmark's publisher (bench/stream.bench.ts): events of widget telemetry with the
 * ironworks envelope, published as fast as acks allow or paced. A child process when paced, so the
 * publisher does not share the ingester's event loop.
 *
 *   node bin/run-ts.js bench/stream-child.ts NATS_URL FROM COUNT [PER_SECOND]
 */
import { fileURLToPath } from 'node:url';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { HEADERS } from '../src/contracts/stream.ts';
import { JetStreamPublisher } from '../src/sim/live/jetstream.ts';

const SUBJECT = 'ironworks.machine-telemetry.BENCH';
const SOURCE = 'BENCH/raw_data/2025-12-01/machine-telemetry.jsonl';
const enc = new TextEncoder();

export function event(i: number): {
  subject: string;
  payload: Uint8Array;
  msgId: string;
  headers: ReturnType<typeof headers>;
} {
  const m = `MACHINE_${String(i % 12).padStart(2, '0')}`;
  const payload = enc.encode(
    JSON.stringify({
      machine_id: m,
      machine_type: 'assembly',
      timestamp: `2025-12-01T${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000`,
      status: 'running',
      metrics: {
        temperature_celsius: 60 + (i % 97) / 10,
        vibration_level: (i % 13) / 10,
        power_consumption_watts: 1500 + (i % 500),
        cycle_count: i,
        efficiency_percent: 80 + (i % 19),
      },
      location: { building: 'A', floor: 1, line: 'LINE_1' },
    }),
  );
  const h = headers();
  h.set(HEADERS.source, SOURCE);
  h.set(HEADERS.ordinal, String(i));
  h.set(HEADERS.dropDate, '2025-12-01');
  return { subject: `${SUBJECT}.${m}`, payload, msgId: `BENCH#${i}`, headers: h };
}

/** Publishes events FROM…FROM+COUNT-1, paced at `perSec` when given; returns the seconds taken. */
export async function publish(nc: NatsConnection, from: number, n: number, perSec?: number): Promise<number> {
  const pub = new JetStreamPublisher(nc, { maxInFlight: 8192 });
  const t0 = performance.now();
  for (let i = from; i < from + n; i++) {
    if (perSec) {
      const due = t0 + ((i - from) / perSec) * 1000;
      const ahead = due - performance.now();
      if (ahead > 2) await new Promise((r) => setTimeout(r, ahead));
    }
    await pub.send(event(i));
  }
  await pub.flush();
  return (performance.now() - t0) / 1000;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [url, from, count, perSec] = process.argv.slice(2);
  const nc = await connect({ servers: url });
  const seconds = await publish(nc, Number(from), Number(count), perSec ? Number(perSec) : undefined);
  await nc.drain();
  console.log(JSON.stringify({ seconds }));
}
