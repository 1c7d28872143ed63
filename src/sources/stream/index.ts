/**
 * The live feed as a source: which bronze table each topic of contracts/stream lands in (the table
 * the same file would land in, so the same models read both), and how an event without the
 * ironworks envelope (an MQTT device, another producer) is named in bronze:
 *
 * - `_source_file` `<factory>/stream/<STREAM>/<day>`, the factory from the subject;
 * - `_logical_date` the day of the event's own time (its `eventTime` field, plant-local), else the
 *   UTC day the broker stored it;
 * - `_ordinal` the stream sequence.
 */
import { STREAMS, type StreamSpec, type TopicSpec, topicFilter } from '../../contracts/stream.ts';
import { READERS } from '../registry.ts';
import type { SourceFormat } from '../types.ts';

export interface StreamTable {
  stream: StreamSpec;
  topic: TopicSpec;
  /** Durable consumer name (one per bronze table). */
  consumer: string;
  filter: string;
  /** Bronze table; for the reference topic each document names its own (see `referenceTable`). */
  table: string;
  /** How the drop file is read: a CSV topic's values become the CSV's text, a JSON topic's go through DuckDB's JSON. */
  format: SourceFormat;
  /** Field whose time names the day of an event that has no envelope. */
  eventTime: string | null;
  /** Whole reference documents, loaded like files. */
  documents: boolean;
}

/** Event-time field per topic (contracts/widgets.ts, seed-drop.ts, extras.ts). */
const EVENT_TIME: Record<string, string> = {
  'component-production': 'produced_at',
  'widget-assembly': 'assembly_completed_at',
  'quality-control': 'checked_at',
  'machine-telemetry': 'timestamp',
  'inventory-updates': 'timestamp',
  'production-orders': 'timestamp',
  'factory-alerts': 'timestamp',
  'production-batches': 'start_time',
  'qc-checks': 'check_timestamp',
  'sensor-logs': 'timestamp',
  telemetry: 'timestamp',
  'machine-states': 'start_time',
  'machine-master': 'snapshot_date',
  'operator-logs': 'log_timestamp',
  'inventory-moves': 'timestamp',
};

function claim(name: string, scope: 'day' | 'reference') {
  for (const r of READERS) {
    if (r.scope !== scope) continue;
    const rule = r.rules.find((x) => x.name === name);
    if (rule) return rule;
  }
  return null;
}

/** The bronze table of a reference document (`machines.csv` → `ref_machines`), or null. */
export const referenceTable = (file: string) => claim(file, 'reference')?.table ?? null;

export function streamTables(prefix = 'ironworks_bronze'): StreamTable[] {
  const out: StreamTable[] = [];
  for (const stream of STREAMS) {
    for (const topic of stream.topics) {
      const documents = stream.lastPerSubject === true;
      const rule = documents ? null : claim(topic.file, 'day');
      if (!documents && !rule) throw new Error(`no source reader takes ${topic.file}`);
      const table = rule?.table ?? 'reference';
      out.push({
        stream,
        topic,
        consumer: `${prefix}_${table}`,
        filter: topicFilter(topic.topic),
        table,
        format: rule?.format ?? 'csv',
        eventTime: EVENT_TIME[topic.topic] ?? null,
        documents,
      });
    }
  }
  return out;
}
