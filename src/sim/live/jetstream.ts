/**
 * Publishes events to JetStream with bounded in-flight acknowledgements. A publish that fails (the
 * broker restarting, a timeout) is retried with the same message id, so the stream keeps one copy
 * (its duplicate window drops the other); it gives up after `giveUpMs`.
 */
import { type JetStreamClient, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { InFlight } from './inflight.ts';
import type { LiveEvent } from './timeline.ts';

export interface PublishStats {
  published: number;
  duplicates: number;
  retries: number;
  bytes: number;
}

export class JetStreamPublisher {
  readonly stats: PublishStats = { published: 0, duplicates: 0, retries: 0, bytes: 0 };
  private readonly js: JetStreamClient;
  private readonly inflight: InFlight;

  constructor(
    nc: NatsConnection,
    opts: { maxInFlight?: number; giveUpMs?: number } = {},
    private readonly giveUpMs = opts.giveUpMs ?? 120_000,
  ) {
    this.js = jetstream(nc);
    this.inflight = new InFlight(opts.maxInFlight ?? 2048);
  }

  /** Returns once the event is handed over and in-flight acknowledgements are below the bound. */
  send(ev: Pick<LiveEvent, 'subject' | 'payload' | 'msgId' | 'headers'>): Promise<void> {
    return this.inflight.add(this.publish(ev));
  }

  private async publish(ev: Pick<LiveEvent, 'subject' | 'payload' | 'msgId' | 'headers'>): Promise<void> {
    const t0 = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const ack = await this.js.publish(ev.subject, ev.payload, {
          msgID: ev.msgId,
          headers: ev.headers,
          timeout: 5000,
        });
        if (ack.duplicate) this.stats.duplicates++;
        else this.stats.published++;
        this.stats.bytes += ev.payload.length;
        return;
      } catch (err) {
        if (Date.now() - t0 > this.giveUpMs) throw err;
        this.stats.retries++;
        await new Promise((r) => setTimeout(r, Math.min(2000, 25 * 2 ** Math.min(attempt, 7))));
      }
    }
  }

  /** Waits for every acknowledgement. */
  flush(): Promise<void> {
    return this.inflight.drain();
  }
}
