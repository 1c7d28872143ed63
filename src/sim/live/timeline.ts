/**
 * A day's drop as a timeline of events: every record of every table, in simulated time. Records
 * keep their place in the drop (file and 1-based position), so the ledger and the bronze rows they
 * become match the file drop's. The order is kept in flat arrays and each message (subject, payload,
 * envelope) is made when it is sent: a big plant's day is 10^6 records.
 */
import type { MsgHdrs } from '@nats-io/transport-node';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { LedgerEntry } from '../../contracts/ledger.ts';
import {
  HEADERS,
  recordMsgId,
  recordSource,
  subjectOf,
  type TopicSpec,
  topicOfFile,
} from '../../contracts/stream.ts';
import { jsonLine } from '../output/json.ts';
import { finalize } from '../output/ledger.ts';
import { getPath, type Row } from '../output/table.ts';
import { tableFilePath } from '../output/write.ts';
import type { DayDrop } from '../run.ts';

export interface LiveEvent {
  subject: string;
  payload: Uint8Array;
  msgId: string;
  headers: MsgHdrs;
  /** The topic may also travel over MQTT. */
  mqtt: boolean;
}

export interface DayTimeline {
  /** Events in the order they are sent. */
  size: number;
  /** Simulated plant-local wall clock of event k, ms (a naive time read as if UTC): what pacing follows. */
  timeAt(k: number): number;
  /** Event k as it is published. */
  event(k: number): LiveEvent;
  /** The day's ledger entries, finished as the file writer finishes them. */
  ledger: LedgerEntry[];
}

const DAY_MS = 86_400_000;
const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;
const encoder = new TextEncoder();

/** Plant-local wall clock of an ISO timestamp (naive or with offset), ms; NaN when it is none. */
export function wallClockMs(v: unknown): number {
  if (typeof v !== 'string' || !TS_RE.test(v)) return Number.NaN;
  return Date.parse(`${v.slice(0, 19)}Z`);
}

/** The start of a plant-local day on the same clock as {@link wallClockMs}. */
export const dayStartMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/**
 * The day's timeline. Each table's records go out in file order (the order its source emitted
 * them, so a consumer lands them as the file loader would), tables interleaved by time: a record
 * is sent at the latest event time seen in its table so far, kept within the day (late, drifted or
 * zone-mixed records go with their neighbours: it is when they arrived that counts).
 */
export function dayTimeline(day: DayDrop, factory: string): DayTimeline {
  const ledger: LedgerEntry[] = [];
  const start = dayStartMs(day.date);
  const specs: TopicSpec[] = [];
  const sources: string[] = [];
  const clocks: Float64Array[] = [];
  for (const table of day.tables) {
    const spec = topicOfFile(table.file);
    if (!spec) throw new Error(`no stream topic carries ${table.file} (contracts/stream.ts)`);
    specs.push(spec);
    sources.push(recordSource(factory, day.date, table.file));
    const file = tableFilePath(table);
    for (const p of table.ledger ?? []) ledger.push(finalize(p, file, null));
    const clock = new Float64Array(table.rows.length);
    let now = start;
    for (let i = 0; i < table.rows.length; i++) {
      const row = table.rows[i] as Row;
      const meta = table.meta.size > 0 ? table.meta.get(row) : undefined;
      if (meta) for (const p of meta.ledger) ledger.push(finalize(p, file, i + 1));
      const t = table.roles.eventTime ? wallClockMs(getPath(row, table.roles.eventTime)) : Number.NaN;
      if (t > now) now = Math.min(t, start + DAY_MS - 1);
      clock[i] = now;
    }
    clocks.push(clock);
  }
  const { tab, row, time } = mergeByTime(clocks);

  return {
    size: tab.length,
    timeAt: (k) => time[k] as number,
    ledger,
    event(k) {
      const ti = tab[k] as number;
      const i = row[k] as number;
      const table = day.tables[ti];
      const spec = specs[ti] as TopicSpec;
      if (!table) throw new Error(`no event ${k}`);
      const r = table.rows[i] as Row;
      const raw = table.meta.size > 0 ? table.meta.get(r)?.raw : undefined;
      const payload =
        raw === undefined
          ? encoder.encode(jsonLine(table.columns, r))
          : typeof raw === 'string'
            ? encoder.encode(raw)
            : raw;
      const machine = table.roles.machine ? getPath(r, table.roles.machine) : null;
      const h = natsHeaders();
      h.set(HEADERS.source, sources[ti] as string);
      h.set(HEADERS.ordinal, String(i + 1));
      h.set(HEADERS.dropDate, day.date);
      h.set(HEADERS.contentType, 'application/json');
      return {
        subject: subjectOf(spec.topic, factory, typeof machine === 'string' ? machine : null),
        payload,
        msgId: recordMsgId(factory, day.date, table.file, i + 1),
        headers: h,
        mqtt: spec.mqtt === true,
      };
    },
  };
}

/**
 * Merges per-table clocks (each non-decreasing) into one send order, keeping each table's order
 * (ties: the earlier table first). A heap would be log(tables); tables are a dozen.
 */
function mergeByTime(clocks: Float64Array[]): { tab: Uint16Array; row: Uint32Array; time: Float64Array } {
  const total = clocks.reduce((a, c) => a + c.length, 0);
  const tab = new Uint16Array(total);
  const row = new Uint32Array(total);
  const time = new Float64Array(total);
  const at = clocks.map(() => 0);
  for (let k = 0; k < total; k++) {
    let best = -1;
    let bestT = Number.POSITIVE_INFINITY;
    for (let c = 0; c < clocks.length; c++) {
      const i = at[c] as number;
      const clock = clocks[c] as Float64Array;
      if (i < clock.length && (clock[i] as number) < bestT) {
        best = c;
        bestT = clock[i] as number;
      }
    }
    tab[k] = best;
    row[k] = at[best] as number;
    time[k] = bestT;
    at[best] = (at[best] as number) + 1;
  }
  return { tab, row, time };
}
