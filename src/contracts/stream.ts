/**
 * The live feed's contract: JetStream streams, subjects and the event envelope. The simulator
 * publishes to it and the ingester consumes it; neither knows the other.
 *
 * Subjects are `ironworks.<topic>.<factory>.<key>`: the topic (seed 002's Kafka topic names, and the
 * seed plant's files as topics), the factory, and the machine the event is about (`_` when it is
 * about none). Kafka's partitions become subject tokens: a consumer can filter one factory or one
 * machine (`ironworks.machine-telemetry.*.CNC-01`) and order holds per subject. MQTT clients reach
 * the same subjects through nats-server's MQTT listener: topic `ironworks/machine-telemetry/F/M`.
 *
 * Each event is one message whose payload is the record as JSON, exactly as a file drop holds it
 * (one compact JSON object; a record that chaos broke is sent broken). Headers say where the record
 * sits in the equivalent file drop, so streamed bronze is row for row what the drop gives:
 *
 *   Nats-Msg-Id          `<factory>/<date>/<file>#<ordinal>`: JetStream drops a re-published copy
 *   Ironworks-Source     `<factory>/raw_data/<date>/<file>`: the drop file this record belongs to
 *   Ironworks-Ordinal    the record's 1-based position in that file
 *   Ironworks-Drop-Date  the plant-local day of the drop it arrives with (late records: a later one)
 *
 * Events without these headers (an MQTT device, another producer) are still taken: see
 * sources/stream for how the ingester names them.
 */

import {
  DiscardPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { RAW_DIR } from './layout.ts';

export const SUBJECT_ROOT = 'ironworks';

export const HEADERS = {
  msgId: 'Nats-Msg-Id',
  source: 'Ironworks-Source',
  ordinal: 'Ironworks-Ordinal',
  dropDate: 'Ironworks-Drop-Date',
  contentType: 'Content-Type',
} as const;

/** How the drop file of a topic is laid out; a CSV topic's JSON values are its fields as typed values. */
export type TopicFormat = 'csv' | 'json';

export interface TopicSpec {
  /** Subject token and MQTT topic level (`machine-telemetry`). */
  topic: string;
  /** The file of a day's drop that holds the same records. */
  file: string;
  format: TopicFormat;
  /** Telemetry may arrive over MQTT (QoS 1) as well as JetStream publishes. */
  mqtt?: boolean;
}

export interface StreamSpec {
  /** JetStream stream name. */
  name: string;
  description: string;
  /** Max age of a message in days; null keeps messages until replaced (reference documents). */
  retentionDays: number | null;
  /** Kafka partitions of the seed topic (kept for the description: subjects do their job here). */
  partitions?: number;
  /** Keep only the newest message per subject (a compacted topic), for reference documents. */
  lastPerSubject?: boolean;
  topics: TopicSpec[];
}

const DAY_NS = 24 * 3600 * 1_000_000_000;
export const nanosOfDays = (days: number) => days * DAY_NS;

/** Seed 002's widget factory: one stream per Kafka topic, the seed's retention (formats.md §2). */
const widgetStreams: StreamSpec[] = [
  ['component-production', 6, 7],
  ['widget-assembly', 3, 7],
  ['quality-control', 3, 7],
  ['machine-telemetry', 12, 1],
  ['inventory-updates', 6, 30],
  ['production-orders', 3, 7],
  ['factory-alerts', 1, 3],
].map(([topic, partitions, days]) => ({
  name: `IRONWORKS_${String(topic).toUpperCase().replaceAll('-', '_')}`,
  description: `widget factory ${topic} (seed 002 topic, ${partitions} Kafka partitions)`,
  retentionDays: days as number,
  partitions: partitions as number,
  topics: [
    {
      topic: String(topic),
      file: `${topic}.jsonl`,
      format: 'json' as const,
      mqtt: topic === 'machine-telemetry',
    },
  ],
}));

/** The seed plant's files as topics, grouped into streams by what they describe. */
const seedStreams: StreamSpec[] = [
  {
    name: 'IRONWORKS_PRODUCTION',
    description: 'seed plant production batches',
    retentionDays: 7,
    topics: [{ topic: 'production-batches', file: 'production_batches.csv', format: 'csv' }],
  },
  {
    name: 'IRONWORKS_QUALITY',
    description: 'seed plant QC checks',
    retentionDays: 7,
    topics: [{ topic: 'qc-checks', file: 'qc_checks.csv', format: 'csv' }],
  },
  {
    name: 'IRONWORKS_TELEMETRY',
    description: 'seed plant sensor logs and clock telemetry',
    retentionDays: 1,
    topics: [
      { topic: 'sensor-logs', file: 'sensor_logs.json', format: 'json', mqtt: true },
      { topic: 'telemetry', file: 'telemetry.jsonl', format: 'json', mqtt: true },
    ],
  },
  {
    name: 'IRONWORKS_STATE',
    description: 'seed plant machine states and daily master-data snapshots',
    retentionDays: 7,
    topics: [
      { topic: 'machine-states', file: 'machine_states.jsonl', format: 'json' },
      { topic: 'machine-master', file: 'machine_master.csv', format: 'csv' },
    ],
  },
  {
    name: 'IRONWORKS_OPERATOR',
    description: 'seed plant operator logs',
    retentionDays: 7,
    topics: [{ topic: 'operator-logs', file: 'operator_logs.csv', format: 'csv' }],
  },
  {
    name: 'IRONWORKS_INVENTORY',
    description: 'seed plant buffer stock movements',
    retentionDays: 30,
    topics: [{ topic: 'inventory-moves', file: 'inventory_moves.jsonl', format: 'json' }],
  },
];

/**
 * Reference data (machines, factories, aliases, routings) travels as whole documents: one message
 * per file, the newest kept per subject, like a compacted Kafka topic. Subject
 * `ironworks.reference.<factory>.<file stem>`.
 */
export const REFERENCE_STREAM: StreamSpec = {
  name: 'IRONWORKS_REFERENCE',
  description: 'reference documents (master data), newest per subject',
  retentionDays: null,
  lastPerSubject: true,
  topics: [{ topic: 'reference', file: '*.csv', format: 'csv' }],
};

export const STREAMS: readonly StreamSpec[] = [...widgetStreams, ...seedStreams, REFERENCE_STREAM];

/** Re-published copies within this window are dropped by JetStream (Nats-Msg-Id). */
export const DUPLICATE_WINDOW_NS = 120 * 1_000_000_000;

/** The stream and topic spec of a topic, or undefined. */
export function topicSpec(topic: string): { stream: StreamSpec; spec: TopicSpec } | undefined {
  for (const stream of STREAMS) {
    const spec = stream.topics.find((t) => t.topic === topic);
    if (spec) return { stream, spec };
  }
  return undefined;
}

/** The topic of a drop file (`production_batches.csv` → `production-batches`), or undefined. */
export function topicOfFile(file: string): TopicSpec | undefined {
  for (const s of STREAMS) for (const t of s.topics) if (t.file === file) return t;
  return undefined;
}

/**
 * A subject token from any text: characters NATS (and MQTT) give a meaning to, white space and
 * anything outside `[A-Za-z0-9_-]` become `_`; empty text is `_`.
 */
export function subjectToken(text: string | null | undefined): string {
  if (text === null || text === undefined || text === '') return '_';
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

export const subjectOf = (topic: string, factory: string, key: string | null | undefined) =>
  `${SUBJECT_ROOT}.${topic}.${subjectToken(factory)}.${subjectToken(key)}`;

/** Every subject of a topic: the filter of its consumer and the stream's subject list. */
export const topicFilter = (topic: string) => `${SUBJECT_ROOT}.${topic}.>`;

/** MQTT topic for a subject: NATS maps `/` to `.` (MQTT 3.1.1 on nats-server's listener). */
export const mqttTopicOf = (subject: string) => subject.replaceAll('.', '/');

/** Parts of a subject (`ironworks.<topic>.<factory>.<key>`); null when it is not one of ours. */
export function parseSubject(subject: string): { topic: string; factory: string; key: string } | null {
  const p = subject.split('.');
  if (p.length !== 4 || p[0] !== SUBJECT_ROOT) return null;
  return { topic: p[1] as string, factory: p[2] as string, key: p[3] as string };
}

/** The message id of a record: its place in the drop, so a re-published copy is dropped. */
export const recordMsgId = (factory: string, date: string, file: string, ordinal: number) =>
  `${factory}/${date}/${file}#${ordinal}`;

/** The drop file a record belongs to (the file loader's identity of the same file). */
export const recordSource = (factory: string, date: string, file: string) =>
  `${factory}/${RAW_DIR}/${date}/${file}`;

/** A stream's JetStream configuration: file storage, limits retention, one replica here. */
export function streamConfig(s: StreamSpec): Partial<StreamConfig> & { name: string } {
  return {
    name: s.name,
    description: s.description,
    subjects: s.topics.map((t) => topicFilter(t.topic)),
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: s.retentionDays === null ? 0 : nanosOfDays(s.retentionDays),
    max_msgs_per_subject: s.lastPerSubject ? 1 : -1,
    duplicate_window: DUPLICATE_WINDOW_NS,
    num_replicas: 1,
  };
}

/**
 * Creates the streams, or updates them to this configuration: safe to run any number of times, by
 * the simulator and the ingester alike. Returns what it did per stream.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  streams: readonly StreamSpec[] = STREAMS,
): Promise<Record<string, 'created' | 'updated' | 'unchanged'>> {
  const out: Record<string, 'created' | 'updated' | 'unchanged'> = {};
  await Promise.all(
    streams.map(async (s) => {
      const want = streamConfig(s);
      let have: StreamConfig | null = null;
      try {
        have = (await jsm.streams.info(s.name)).config;
      } catch (err) {
        if (!/stream not found/i.test((err as Error).message)) throw err;
      }
      if (!have) {
        await jsm.streams.add(want);
        out[s.name] = 'created';
      } else if (differs(have, want)) {
        await jsm.streams.update(s.name, want);
        out[s.name] = 'updated';
      } else out[s.name] = 'unchanged';
    }),
  );
  return Object.fromEntries(streams.map((s) => [s.name, out[s.name] ?? 'unchanged']));
}

function differs(have: StreamConfig, want: Partial<StreamConfig>): boolean {
  for (const [k, v] of Object.entries(want)) {
    const h = (have as unknown as Record<string, unknown>)[k];
    if (JSON.stringify(h ?? null) !== JSON.stringify(v ?? null)) return true;
  }
  return false;
}

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** `--nats`, else IRONWORKS_NATS, else the local default. */
export const natsUrl = (flag?: string) => flag ?? process.env.IRONWORKS_NATS ?? DEFAULT_NATS_URL;
