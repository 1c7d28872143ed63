/**
 * One durable pull consumer per bronze table. Messages are taken in stream order, batched while the
 * previous batch commits (group commit), written by the BronzeWriter with the position in the same
 * transaction, and acknowledged (AckAll: the batch's last message) only after COMMIT.
 *
 * Exactly once:
 * - DuckDB's position is the truth. On start the durable is kept only if the broker agrees with it
 *   (nothing unacknowledged, acknowledged up to the committed sequence); otherwise it is recreated
 *   to start right after the committed sequence.
 * - Anything at or below the highest sequence already taken is skipped (a redelivery).
 * - Deliveries are numbered by the consumer: a missing number means a message was lost on the way
 *   (a reconnect); everything before it is committed and the consumer is repositioned after the
 *   committed sequence, so a later sequence is never committed over a missing one.
 */

import type { DuckDBConnection } from '@duckdb/node-api';
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { HEADERS } from '../contracts/stream.ts';
import type { StreamTable } from '../sources/stream/index.ts';
import type { BatchResult, BatchTarget, BronzeWriter, StreamRecord } from './bronze-writer.ts';
import type { Mutex } from './mutex.ts';
import { readOffset, resetOffset } from './offsets.ts';
import { loadReferenceDocs } from './reference.ts';

/**
 * The broker stops delivering past this many unacknowledged messages: the bound of a batch and of
 * the ingester's memory. Kept modest: records that wait long get old in V8's heap, and collecting
 * old objects was a third of the CPU with 50,000.
 */
const MAX_ACK_PENDING = 20_000;
const ACK_WAIT_NS = 60 * 1_000_000_000;

export interface ConsumerDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  conn: DuckDBConnection;
  writer: BronzeWriter;
  lock: Mutex;
  log: (msg: string) => void;
  /** After each COMMIT: the batch's result and each event's broker time (ms), for lag and latency. */
  onCommit: (c: TableConsumer, r: BatchResult, publishedMs: number[]) => void;
}

export class TableConsumer {
  committed = 0;
  committedPublishedMs: number | null = null;
  events = 0;
  quarantined = 0;
  batches = 0;
  repositions = 0;
  lastError: string | null = null;
  private streamCreated = '';
  private maxAccepted = 0;
  private expectedDelivery = 1;
  /** Taken, not yet committed: records (not messages, which hold far more) and the last message, to acknowledge. */
  private buffer: StreamRecord[] = [];
  private lastMsg: JsMsg | null = null;
  private gen = 0;
  private iter: ConsumerMessages | null = null;
  private wake: (() => void) | null = null;
  private needReposition = false;
  private stopping = false;
  private busy = false;
  private loop: Promise<void> | null = null;

  constructor(
    readonly spec: StreamTable,
    private readonly deps: ConsumerDeps,
  ) {}

  get stream(): string {
    return this.spec.stream.name;
  }
  get name(): string {
    return this.spec.consumer;
  }
  /** Nothing taken and not yet committed. */
  get idle(): boolean {
    return this.buffer.length === 0 && !this.busy && !this.needReposition;
  }

  async start(): Promise<void> {
    await this.position(false);
    await this.subscribe();
    this.loop = this.commitLoop();
  }

  /** Stops taking messages, commits what was taken, acknowledges it and waits for the broker's word. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.gen++;
    await this.iter?.close().catch(() => {});
    this.iter = null;
    this.wake?.();
    await this.loop;
  }

  private target(): BatchTarget {
    return {
      stream: this.stream,
      consumer: this.name,
      table: this.spec.table,
      format: this.spec.format,
      eventTime: this.spec.eventTime,
      streamCreated: this.streamCreated,
    };
  }

  /** Reads the committed position and makes the durable agree with it. */
  private async position(force: boolean): Promise<void> {
    const { jsm, conn, lock } = this.deps;
    const si = await jsm.streams.info(this.stream);
    this.streamCreated = si.created;
    const off = await lock.run(() => readOffset(conn, this.stream, this.name));
    this.committed = off?.lastSeq ?? 0;
    this.committedPublishedMs = off?.lastPublishedMs ?? null;
    if (off?.streamCreated && off.streamCreated !== si.created) {
      this.deps.log(
        `${this.stream} was recreated since ${this.name} last committed: starting from its beginning`,
      );
      await lock.run(() => resetOffset(conn, this.stream, this.name));
      this.committed = 0;
      force = true;
    }
    if (this.committed > 0 && si.state.first_seq > this.committed + 1)
      this.deps.log(
        `${this.name}: the stream no longer holds sequences ${this.committed + 1}…${si.state.first_seq - 1} (retention); continuing from ${si.state.first_seq}`,
      );
    let ci: Awaited<ReturnType<JetStreamManager['consumers']['info']>> | null = null;
    try {
      ci = await jsm.consumers.info(this.stream, this.name);
    } catch (err) {
      if (!/consumer not found/i.test((err as Error).message)) throw err;
    }
    const agrees =
      ci !== null &&
      !force &&
      ci.config.filter_subject === this.spec.filter &&
      ci.config.ack_policy === AckPolicy.All &&
      ci.num_ack_pending === 0 &&
      ci.ack_floor.stream_seq === this.committed &&
      ci.delivered.stream_seq === this.committed;
    if (agrees && ci) {
      this.expectedDelivery = ci.delivered.consumer_seq + 1;
    } else {
      if (ci) await jsm.consumers.delete(this.stream, this.name);
      await jsm.consumers.add(this.stream, {
        durable_name: this.name,
        description: `ironworks: ${this.spec.topic.topic} → bronze.${this.spec.table} (position in ops.stream_offsets)`,
        filter_subject: this.spec.filter,
        ack_policy: AckPolicy.All,
        ack_wait: ACK_WAIT_NS,
        max_ack_pending: MAX_ACK_PENDING,
        ...(this.committed > 0
          ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.committed + 1 }
          : { deliver_policy: DeliverPolicy.All }),
      });
      this.expectedDelivery = 1;
      if (ci) this.repositions++;
    }
    this.maxAccepted = this.committed;
    this.needReposition = false;
  }

  private async subscribe(): Promise<void> {
    const gen = ++this.gen;
    const c = await this.deps.js.consumers.get(this.stream, this.name);
    const iter = await c.consume({ max_messages: 2000, expires: 5000 });
    this.iter = iter;
    void (async () => {
      try {
        for await (const m of iter) {
          if (gen !== this.gen) break;
          this.accept(m);
        }
      } catch (err) {
        if (gen === this.gen && !this.stopping) {
          this.lastError = (err as Error).message;
          this.needReposition = true;
          this.wake?.();
        }
      }
    })();
  }

  private accept(m: JsMsg): void {
    if (this.needReposition) return;
    const d = m.info.deliverySequence;
    if (d > this.expectedDelivery) {
      this.deps.log(
        `${this.name}: deliveries ${this.expectedDelivery}…${d - 1} lost on the way; repositioning`,
      );
      this.needReposition = true;
      this.wake?.();
      return;
    }
    if (d === this.expectedDelivery) this.expectedDelivery++;
    if (m.seq <= this.maxAccepted) return; // a redelivery of something taken already
    this.maxAccepted = m.seq;
    this.buffer.push(toRecord(m));
    this.lastMsg = m;
    if (this.buffer.length === 1) this.wake?.();
  }

  private async commitLoop(): Promise<void> {
    for (;;) {
      if (this.buffer.length === 0 && !this.needReposition) {
        if (this.stopping) return;
        await new Promise<void>((r) => {
          this.wake = r;
        });
        this.wake = null;
        continue;
      }
      if (this.buffer.length > 0) {
        const batch = this.buffer;
        const last = this.lastMsg as JsMsg;
        this.buffer = [];
        this.lastMsg = null;
        this.busy = true;
        try {
          await this.commit(batch, last);
        } catch (err) {
          this.lastError = (err as Error).message;
          this.deps.log(`${this.name}: batch failed (${this.lastError}); repositioning`);
          this.buffer = [];
          this.lastMsg = null;
          this.needReposition = true;
          await new Promise((r) => setTimeout(r, 1000));
        } finally {
          this.busy = false;
        }
        if (this.stopping && this.buffer.length === 0) return;
      }
      if (this.needReposition && this.buffer.length === 0 && !this.stopping) {
        this.gen++;
        await this.iter?.close().catch(() => {});
        try {
          await this.position(true);
          await this.subscribe();
        } catch (err) {
          this.lastError = (err as Error).message;
          this.deps.log(`${this.name}: repositioning failed (${this.lastError}); retrying`);
          this.needReposition = true;
          await new Promise((r) => setTimeout(r, 1000));
        }
      } else if (this.needReposition && this.stopping) return;
    }
  }

  private async commit(recs: StreamRecord[], last: JsMsg): Promise<void> {
    const t = this.target();
    const { lock, conn, writer } = this.deps;
    let result: BatchResult;
    if (this.spec.documents) {
      const r = await lock.run(() => loadReferenceDocs(conn, t, recs));
      result = {
        read: recs.length,
        loaded: r.loaded,
        quarantined: r.quarantined,
        lastSeq: recs[recs.length - 1]?.seq ?? 0,
      };
    } else result = await lock.run(() => writer.commit(t, recs));
    this.committed = result.lastSeq;
    this.committedPublishedMs = (recs[recs.length - 1] as StreamRecord).publishedMs;
    this.events += result.read;
    this.quarantined += result.quarantined;
    this.batches++;
    // AckAll: the last message acknowledges the batch. When stopping, wait for the broker's word
    // so the durable is left in step with DuckDB.
    if (this.stopping) await last.ackAck().catch(() => false);
    else last.ack();
    this.deps.onCommit(
      this,
      result,
      recs.map((r) => r.publishedMs),
    );
  }
}

function toRecord(m: JsMsg): StreamRecord {
  const h = m.headers;
  const ord = h?.get(HEADERS.ordinal);
  const n = ord ? Number(ord) : Number.NaN;
  return {
    seq: m.seq,
    subject: m.subject,
    payload: m.data,
    source: h?.get(HEADERS.source) || null,
    ordinal: Number.isSafeInteger(n) && n > 0 ? n : null,
    dropDate: h?.get(HEADERS.dropDate) || null,
    publishedMs: Number(m.info.timestampNanos) / 1e6,
  };
}
