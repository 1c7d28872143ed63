/**
 * In-process stream status: the ingester publishes its consumers' lag and throughput here; the
 * server reads it (`/api/stream`, SSE). Null until an ingester runs in this process.
 *
 * @example
 * const s = getStreamStatus();
 * if (s) for (const c of s.streams) console.log(c.stream, c.pending, c.eventsPerSec);
 */

export interface StreamConsumerStatus {
  /** JetStream stream name, e.g. `WIDGETS_MACHINE_TELEMETRY`. */
  stream: string;
  /** Durable consumer name. */
  consumer: string;
  /** Bronze table the consumer lands in (`machine_telemetry`). */
  table: string;
  /** Messages in the stream not yet delivered to the consumer (JetStream num_pending). */
  pending: number;
  /** Delivered, not yet acknowledged (JetStream num_ack_pending). */
  ackPending: number;
  /** Highest stream sequence committed to bronze (ops.stream_offsets). */
  committedSeq: number;
  /** Last sequence in the stream. */
  lastSeq: number;
  /** Events committed to bronze per second, over the last few seconds. */
  eventsPerSec: number;
  /** Age of the oldest uncommitted event (now − its publish time); null when caught up or unknown. */
  lagSeconds: number | null;
}

export interface StreamStatus {
  /** ISO time of the last update. */
  updatedAt: string;
  /** The NATS server the ingester is connected to. */
  server: string;
  connected: boolean;
  /** Events committed to bronze since the ingester started, over all consumers. */
  totalEvents: number;
  /** Events quarantined since the ingester started. */
  totalQuarantined: number;
  streams: StreamConsumerStatus[];
}

let current: StreamStatus | null = null;
const listeners = new Set<(s: StreamStatus) => void>();

/** The latest status, or null when no ingester runs in this process. */
export function getStreamStatus(): StreamStatus | null {
  return current;
}

/** Called on every update (about once a second while an ingester runs); returns an unsubscribe. */
export function onStreamStatus(fn: (s: StreamStatus) => void): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

/** The ingester's side: replace the status (null when it stops) and tell listeners. */
export function setStreamStatus(s: StreamStatus | null): void {
  current = s;
  if (s) for (const fn of listeners) fn(s);
}
