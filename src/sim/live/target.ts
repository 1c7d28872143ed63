/**
 * The live drop target: a day's records go to JetStream (telemetry optionally over MQTT) in
 * simulated time, instead of to raw_data/ files. Reference documents go first, one message each.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, headers as natsHeaders } from '@nats-io/transport-node';
import { REFERENCE_DIR } from '../../contracts/layout.ts';
import type { LedgerEntry } from '../../contracts/ledger.ts';
import { ensureStreams, HEADERS, REFERENCE_STREAM, subjectOf } from '../../contracts/stream.ts';
import type { DayDrop, DropTarget } from '../run.ts';
import { JetStreamPublisher } from './jetstream.ts';
import type { MqttPublisher } from './mqtt.ts';
import { Pacer } from './pacer.ts';
import { dayTimeline } from './timeline.ts';

export interface LiveStats {
  events: number;
  published: number;
  duplicates: number;
  retries: number;
  mqtt: number;
  reference: number;
  bytes: number;
  seconds: number;
}

export class LiveTarget implements DropTarget {
  readonly writesFiles = false;
  private readonly pacer: Pacer;
  private readonly js: JetStreamPublisher;
  private readonly t0 = performance.now();
  private events = 0;
  private referenceDocs = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly factory: string,
    speed: number | 'max',
    private readonly mqtt: MqttPublisher | null = null,
    opts: { maxInFlight?: number } = {},
  ) {
    this.pacer = new Pacer(speed);
    this.js = new JetStreamPublisher(nc, { maxInFlight: opts.maxInFlight });
  }

  /** Creates or updates the streams; call once before the first day. */
  async ensureTopology(): Promise<Record<string, string>> {
    return ensureStreams(await jetstreamManager(this.nc));
  }

  async reference(dir: string): Promise<void> {
    const topic = REFERENCE_STREAM.topics[0]?.topic ?? 'reference';
    for (const name of readdirSync(dir).sort()) {
      const bytes = readFileSync(join(dir, name));
      const h = natsHeaders();
      h.set(HEADERS.source, `${this.factory}/${REFERENCE_DIR}/${name}`);
      h.set(HEADERS.contentType, 'text/csv');
      const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
      await this.js.send({
        subject: subjectOf(topic, this.factory, name.replace(/\.[^.]*$/, '')),
        payload: bytes,
        msgId: `${this.factory}/${REFERENCE_DIR}/${name}@${sha}`,
        headers: h,
      });
      this.referenceDocs++;
    }
  }

  async deliver(day: DayDrop): Promise<LedgerEntry[]> {
    const timeline = dayTimeline(day, this.factory);
    for (let k = 0; k < timeline.size; k++) {
      await this.pacer.at(timeline.timeAt(k));
      const ev = timeline.event(k);
      if (ev.mqtt && this.mqtt) await this.mqtt.send(ev);
      else await this.js.send(ev);
    }
    this.events += timeline.size;
    return timeline.ledger;
  }

  /** Waits for every acknowledgement (JetStream and MQTT) and returns what was sent. */
  async finish(): Promise<LiveStats> {
    await this.js.flush();
    await this.mqtt?.close();
    const s = this.js.stats;
    return {
      events: this.events,
      published: s.published,
      duplicates: s.duplicates,
      retries: s.retries,
      mqtt: this.mqtt?.published ?? 0,
      reference: this.referenceDocs,
      bytes: s.bytes,
      seconds: (performance.now() - this.t0) / 1000,
    };
  }
}
