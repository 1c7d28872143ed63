/** ops.stream_offsets: each durable consumer's committed position, the truth on restart. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../lake/sql.ts';

export interface Offset {
  lastSeq: number;
  lastPublishedMs: number | null;
  streamCreated: string | null;
  events: number;
  quarantined: number;
}

export async function readOffset(
  conn: DuckDBConnection,
  stream: string,
  consumer: string,
): Promise<Offset | null> {
  const r = await conn.runAndReadAll(
    `SELECT last_seq, epoch_ms(last_published) AS ms, stream_created, events, quarantined FROM ops.stream_offsets
     WHERE stream = ${literal(stream)} AND consumer = ${literal(consumer)}`,
  );
  const x = r.getRowObjectsJS()[0];
  if (!x) return null;
  return {
    lastSeq: Number(x.last_seq),
    lastPublishedMs: x.ms === null ? null : Number(x.ms),
    streamCreated: x.stream_created === null ? null : String(x.stream_created),
    events: Number(x.events),
    quarantined: Number(x.quarantined),
  };
}

/** Moves the position to `lastSeq`; runs inside the caller's transaction. */
export async function saveOffset(
  conn: DuckDBConnection,
  o: { stream: string; consumer: string; table: string; streamCreated: string },
  lastSeq: number,
  lastPublishedMs: number,
  events: number,
  quarantined: number,
): Promise<void> {
  await conn.run(
    `INSERT INTO ops.stream_offsets VALUES (${literal(o.stream)}, ${literal(o.consumer)}, ${literal(o.table)}, ${lastSeq},
       to_timestamp(${lastPublishedMs / 1000}), ${literal(o.streamCreated)}, ${events}, ${quarantined}, 1, now())
     ON CONFLICT (stream, consumer) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_published = EXCLUDED.last_published,
       stream_created = EXCLUDED.stream_created, target_table = EXCLUDED.target_table,
       events = stream_offsets.events + EXCLUDED.events, quarantined = stream_offsets.quarantined + EXCLUDED.quarantined,
       batches = stream_offsets.batches + 1, updated_at = EXCLUDED.updated_at`,
  );
}

/** Starts a consumer again from the beginning of a recreated stream. */
export async function resetOffset(conn: DuckDBConnection, stream: string, consumer: string): Promise<void> {
  await conn.run(
    `DELETE FROM ops.stream_offsets WHERE stream = ${literal(stream)} AND consumer = ${literal(consumer)}`,
  );
}
