/**
 * Lands a batch of stream events in bronze in ONE DuckDB transaction: the rows, the quarantined
 * events, the manifest and audit rows, and the consumer's position (ops.stream_offsets). Either all
 * of it commits or none: a crash anywhere leaves bronze and the position in step, and the caller
 * acknowledges the broker only after COMMIT.
 *
 * Rows are what the file loaders make of the same records: every value as text, read by DuckDB's
 * JSON functions for JSON topics (so numbers print as they do from a JSON-lines file), and as the
 * CSV file's text for CSV topics (JSON values printed as the CSV writer prints them, empty = NULL).
 * Events go through the Appender into a staging table, then one INSERT … SELECT per target.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DATE_RE } from '../contracts/layout.ts';
import { parseSubject } from '../contracts/stream.ts';
import { extractAll } from '../lake/bronze/json-keys.ts';
import { ensureBronzeTable } from '../lake/bronze/table.ts';
import { ident, literal, qualified } from '../lake/sql.ts';
import type { SourceFormat } from '../sources/types.ts';
import { saveOffset } from './offsets.ts';

export interface StreamRecord {
  seq: number;
  subject: string;
  payload: Uint8Array;
  /** From the envelope headers; null when the event came without them. */
  source: string | null;
  ordinal: number | null;
  dropDate: string | null;
  /** Broker time the event was stored, ms since the epoch. */
  publishedMs: number;
}

export interface BatchTarget {
  stream: string;
  consumer: string;
  table: string;
  format: SourceFormat;
  eventTime: string | null;
  /** The stream's creation time: a recreated stream starts its sequences again. */
  streamCreated: string;
}

export interface BatchResult {
  read: number;
  loaded: number;
  quarantined: number;
  lastSeq: number;
}

const STAGE = 'stream_stage_v2';

/** Per drop file of a batch: its day, events read and quarantined, payload bytes. */
type PerSource = Map<string, { date: string; read: number; bad: number; bytes: number }>;
/** The payload's JSON type, NULL when it is not JSON (one parse; json_type alone throws on broken JSON). */
const TYPE = 'TRY(json_type(payload))';
const OK = `coalesce(${TYPE} = 'OBJECT', false)`;
const decoder = new TextDecoder();

interface Bad {
  seq: number;
  subject: string;
  source: string;
  ordinal: number;
  date: string;
  raw: Uint8Array;
  errorType: string;
  reason: string;
}

export const streamLoadId = (stream: string) => `stream::${stream}`;

export class BronzeWriter {
  private ready = false;

  constructor(readonly conn: DuckDBConnection) {}

  private async init(): Promise<void> {
    if (this.ready) return;
    await this.conn.run(
      `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (seq BIGINT, subject VARCHAR, source VARCHAR, ordinal BIGINT, drop_date VARCHAR, payload VARCHAR)`,
    );
    this.ready = true;
  }

  async commit(t: BatchTarget, recs: readonly StreamRecord[]): Promise<BatchResult> {
    await this.init();
    const startedAt = new Date();
    const loadId = streamLoadId(t.stream);
    const bad: Bad[] = [];
    const conn = this.conn;
    await conn.run('BEGIN TRANSACTION');
    try {
      const app = await conn.createAppender(STAGE, 'main', 'temp');
      let staged = 0;
      const perSource: PerSource = new Map();
      // Rows land in file order (source, then position): sorted here unless they came that way.
      let sorted = true;
      let prevSource = '';
      let prevOrdinal = 0;
      for (const r of recs) {
        const utf8 = isUtf8(r.payload);
        const text = utf8 ? decoder.decode(r.payload) : '';
        const id = identity(t, r, utf8 ? text : null);
        let p = perSource.get(id.source);
        if (!p) {
          p = { date: id.date, read: 0, bad: 0, bytes: 0 };
          perSource.set(id.source, p);
        }
        p.read++;
        p.bytes += r.payload.length;
        if (!utf8) {
          p.bad++;
          bad.push({
            ...id,
            seq: r.seq,
            subject: r.subject,
            raw: r.payload,
            errorType: 'INVALID_UTF8',
            reason: 'bytes that are not valid UTF-8',
          });
          continue;
        }
        let payload = text;
        if (t.format === 'csv') {
          const conv = csvTextObject(text);
          if (typeof conv !== 'string') {
            p.bad++;
            bad.push({ ...id, seq: r.seq, subject: r.subject, raw: r.payload, ...conv });
            continue;
          }
          payload = conv;
        }
        if (id.source < prevSource || (id.source === prevSource && id.ordinal < prevOrdinal)) sorted = false;
        prevSource = id.source;
        prevOrdinal = id.ordinal;
        app.appendBigInt(BigInt(r.seq));
        app.appendVarchar(r.subject);
        app.appendVarchar(id.source);
        app.appendBigInt(BigInt(id.ordinal));
        app.appendVarchar(id.date);
        app.appendVarchar(payload);
        app.endRow();
        staged++;
      }
      app.closeSync();

      let loaded = 0;
      let quarantined = bad.length;
      if (staged > 0) {
        const keys = await batchKeys(conn);
        const names = await ensureBronzeTable(conn, t.table, keys);
        // A slice per drop file (and day) the batch holds events of: one write's shared metadata.
        const slices = (
          await conn.runAndReadAll(
            `INSERT INTO ops.bronze_slices
             SELECT nextval('ops.bronze_slice_seq'), ${literal(t.table)}, ${literal(loadId)}, source, NULL, drop_date::DATE, now()
             FROM (SELECT DISTINCT source, drop_date FROM ${STAGE} WHERE ${OK})
             RETURNING slice_id, source_file, logical_date::VARCHAR AS d`,
          )
        )
          .getRowObjectsJS()
          .map(
            (x) => `(${Number(x.slice_id)}, ${literal(String(x.source_file))}, DATE ${literal(String(x.d))})`,
          );
        const cols = [...names.map(ident), '_slice', '_ordinal'];
        const values = [...extractAll('payload', keys), 'm.slice', 'ordinal'];
        // No slice: every staged event is broken JSON or no object (all quarantined below).
        if (slices.length > 0) {
          const ins = await conn.run(
            `INSERT INTO ${qualified('bronze_store', t.table)} (${cols.join(', ')})
             SELECT ${values.join(', ')} FROM ${STAGE} JOIN (VALUES ${slices.join(', ')}) m(slice, source, day)
               ON m.source = ${STAGE}.source AND m.day = ${STAGE}.drop_date::DATE
             WHERE ${OK}${sorted ? '' : ` ORDER BY ${STAGE}.source, ordinal`}`,
          );
          loaded = Number(ins.rowsChanged);
        }
        const q = await conn.runAndReadAll(
          `INSERT INTO bronze.quarantine
           SELECT ${literal(loadId)}, source, ${literal(t.table)}, ordinal, NULL, replace(payload, chr(0), chr(65533)), encode(payload),
                  kind, ${literal(`stream ${t.stream} seq `)} || seq || ' subject ' || subject || ': ' ||
                  CASE kind WHEN 'BROKEN_JSON' THEN 'not valid JSON (truncated or broken)'
                            ELSE 'a JSON ' || lower(${TYPE}) || ', not an object' END,
                  sha256(payload), drop_date::DATE, now()
           FROM (SELECT *, CASE WHEN ${TYPE} IS NULL THEN 'BROKEN_JSON' ELSE 'NOT_AN_OBJECT' END AS kind
                 FROM ${STAGE} WHERE NOT (${OK}))
           RETURNING _source_file`,
        );
        for (const x of q.getRowObjectsJS()) {
          quarantined++;
          const p = perSource.get(String(x._source_file));
          if (p) p.bad++;
        }
      }
      await writeBad(conn, t, loadId, bad);
      if (recs.length !== loaded + quarantined)
        throw new Error(
          `stream batch does not balance for ${t.table}: read ${recs.length}, loaded ${loaded}, quarantined ${quarantined}`,
        );

      await this.bookkeeping(t, loadId, perSource, startedAt);
      const last = recs[recs.length - 1] as StreamRecord;
      await saveOffset(conn, t, last.seq, last.publishedMs, recs.length, quarantined);
      await conn.run(`DELETE FROM ${STAGE}`);
      await conn.run('COMMIT');
      return { read: recs.length, loaded, quarantined, lastSeq: last.seq };
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => {});
      throw err;
    }
  }

  /** Manifest (so `<table>_current` shows the rows and incremental builds see the days) and audit, per drop file. */
  private async bookkeeping(t: BatchTarget, loadId: string, per: PerSource, startedAt: Date): Promise<void> {
    if (per.size === 0) return;
    const manifest: string[] = [];
    const audit: string[] = [];
    const started = `TIMESTAMPTZ ${literal(startedAt.toISOString())}`;
    for (const [source, p] of per) {
      const date = `DATE ${literal(p.date)}`;
      const loaded = p.read - p.bad;
      manifest.push(
        `(${literal(source)}, ${literal(`nats:${t.stream}`)}, 'stream', ${literal(t.table)}, ${date}, ${p.bytes}, 0, 'stream', ${literal(loadId)}, 'SUCCESS', false, ${loaded}, ${p.bad}, now())`,
      );
      audit.push(
        `(${literal(loadId)}, now(), 'stream', ${literal(t.consumer)}, ${literal(`stream_${t.table}`)}, ${date}, 'stream', ${literal(source)}, ${literal(t.table)}, ${p.read}, ${loaded}, ${p.bad}, 'SUCCESS', NULL, false, NULL, ${started}, now())`,
      );
    }
    await this.conn.run(
      `INSERT INTO ops.file_manifest VALUES ${manifest.join(', ')}
       ON CONFLICT (path, target_table, load_id) DO UPDATE SET size_bytes = file_manifest.size_bytes + EXCLUDED.size_bytes,
         rows_loaded = file_manifest.rows_loaded + EXCLUDED.rows_loaded,
         rows_quarantined = file_manifest.rows_quarantined + EXCLUDED.rows_quarantined,
         logical_date = EXCLUDED.logical_date, status = 'SUCCESS', loaded_at = EXCLUDED.loaded_at`,
    );
    await this.conn.run(`INSERT INTO ops.raw_load_audit VALUES ${audit.join(', ')}`);
  }
}

/**
 * The batch's top-level keys in first-seen order (first record, then position in it), as the
 * file loaders order them. Records of a topic mostly share one key list, so the distinct lists are
 * few and merged here.
 */
async function batchKeys(conn: DuckDBConnection): Promise<string[]> {
  const r = await conn.runAndReadAll(
    `SELECT CASE WHEN ${OK} THEN json_keys(payload) END AS k, min(seq) AS o FROM ${STAGE} GROUP BY ALL ORDER BY o`,
  );
  const keys = new Set<string>();
  for (const x of r.getRowObjectsJS()) if (Array.isArray(x.k)) for (const k of x.k) keys.add(String(k));
  return [...keys];
}

/**
 * Where an event sits: its envelope, or for an event without one, `<factory>/stream/<STREAM>/<day>`
 * numbered by stream sequence, the day read from the event's own time (sources/stream).
 */
function identity(
  t: BatchTarget,
  r: StreamRecord,
  text: string | null,
): { source: string; ordinal: number; date: string } {
  if (r.source !== null && r.ordinal !== null && r.dropDate !== null && DATE_RE.test(r.dropDate))
    return { source: r.source, ordinal: r.ordinal, date: r.dropDate };
  let date = new Date(r.publishedMs).toISOString().slice(0, 10);
  if (text !== null && t.eventTime) {
    try {
      const v = (JSON.parse(text) as Record<string, unknown>)?.[t.eventTime];
      if (typeof v === 'string' && DATE_RE.test(v.slice(0, 10))) date = v.slice(0, 10);
    } catch {
      // Broken: quarantined under the broker's day.
    }
  }
  const factory = parseSubject(r.subject)?.factory ?? '_';
  return { source: r.source ?? `${factory}/stream/${t.stream}/${date}`, ordinal: r.ordinal ?? r.seq, date };
}

/** A CSV topic's event as the CSV file's text: JSON of strings (null where the CSV field is empty). */
function csvTextObject(text: string): string | { errorType: string; reason: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { errorType: 'BROKEN_JSON', reason: 'not valid JSON (truncated or broken)' };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return {
      errorType: 'NOT_AN_OBJECT',
      reason: `a JSON ${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}, not an object`,
    };
  const out: Record<string, string | null> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = csvText(x);
  return JSON.stringify(out);
}

/** What the CSV writer prints for a value, as DuckDB's CSV reader gives it back (empty → NULL). */
function csvText(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null || v === undefined) return null;
  return JSON.stringify(v);
}

async function writeBad(conn: DuckDBConnection, t: BatchTarget, loadId: string, bad: Bad[]): Promise<void> {
  for (let i = 0; i < bad.length; i += 200) {
    const values = bad.slice(i, i + 200).map((b) => {
      const raw = Buffer.from(b.raw.buffer, b.raw.byteOffset, b.raw.byteLength);
      const text = raw.toString('utf8').replaceAll('\0', '\uFFFD');
      const reason = `stream ${t.stream} seq ${b.seq} subject ${b.subject}: ${b.reason}`.replaceAll(
        '\0',
        '\uFFFD',
      );
      return `(${[
        literal(loadId),
        literal(b.source),
        literal(t.table),
        b.ordinal,
        'NULL',
        literal(text),
        `unhex(${literal(raw.toString('hex'))})`,
        literal(b.errorType),
        literal(reason),
        literal(createHash('sha256').update(raw).digest('hex')),
        `DATE ${literal(b.date)}`,
        'now()',
      ].join(', ')})`;
    });
    await conn.run(`INSERT INTO bronze.quarantine VALUES ${values.join(', ')}`);
  }
}
