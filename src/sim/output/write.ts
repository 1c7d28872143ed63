/**
 * Writes a day's tables to `<out>/raw_data/<date>/<file>` and the chaos ledger to
 * `<out>/chaos/<date>/ledger.jsonl`. Files are written under a temporary name and renamed, so a
 * reader never sees half a file. Text is built in chunks of about a megabyte and written as it
 * goes, so memory stays bounded by the table itself.
 */
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CHAOS_DIR, LEDGER_FILE, RAW_DIR } from '../../contracts/layout.ts';
import type { LedgerEntry } from '../../contracts/ledger.ts';
import { csvHeader, csvRecord } from './csv.ts';
import { JsonLineEncoder, PrettyElementEncoder } from './json.ts';
import type { PendingLedgerEntry, Row, SourceTable } from './table.ts';

const CHUNK_CHARS = 1 << 20;

/** Collects text and bytes and writes them to an open file in big pieces. */
class ChunkWriter {
  private text = '';
  constructor(private readonly handle: FileHandle) {}

  /** Appends text; true when a chunk is full and the caller should `await flush()`. */
  push(piece: string): boolean {
    this.text += piece;
    return this.text.length >= CHUNK_CHARS;
  }

  async add(piece: string): Promise<void> {
    if (this.push(piece)) await this.flush();
  }

  async addBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    await this.handle.write(bytes);
  }

  async flush(): Promise<void> {
    if (this.text === '') return;
    const t = this.text;
    this.text = '';
    await this.handle.write(t, null, 'utf8');
  }
}

/** Writes a file through a temporary name; `fill` streams its content. */
async function atomicWrite(path: string, fill: (w: ChunkWriter) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const handle = await open(tmp, 'w');
  try {
    const w = new ChunkWriter(handle);
    await fill(w);
    await w.flush();
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  await rename(tmp, path);
}

function finalize(p: PendingLedgerEntry, file: string, ordinal: number | null): LedgerEntry {
  // Key order is the ledger schema's: the file is compared byte for byte across runs.
  return {
    type: p.type,
    source: p.source,
    file,
    record_key: p.record_key,
    ordinal,
    field: p.field,
    clean_value: p.clean_value,
    dirty_value: p.dirty_value,
    event_date: p.event_date,
  };
}

/** Path of a table's file relative to the data directory (the ledger's `file`). */
export function tableFilePath(table: Pick<SourceTable, 'date' | 'file'>): string {
  return `${RAW_DIR}/${table.date}/${table.file}`;
}

interface Layout {
  open: string;
  /** Between records. */
  sep: string;
  /** After the last record. */
  close: string;
  encode: (row: Row) => string;
  /** How a raw (malformed) record is placed: JSON arrays indent it like an element. */
  rawPrefix: string;
}

function layoutOf(table: SourceTable): Layout {
  switch (table.format) {
    case 'csv': {
      const cols = table.columns;
      return {
        open: `${csvHeader(cols)}\r\n`,
        sep: '\r\n',
        close: '\r\n',
        encode: (row) => csvRecord(cols, row),
        rawPrefix: '',
      };
    }
    case 'jsonl': {
      const enc = new JsonLineEncoder(table.columns);
      return { open: '', sep: '\n', close: '\n', encode: (row) => enc.encode(row), rawPrefix: '' };
    }
    case 'json-array': {
      const enc = new PrettyElementEncoder(table.columns);
      return { open: '[\n', sep: ',\n', close: '\n]', encode: (row) => enc.encode(row), rawPrefix: '  ' };
    }
  }
}

/**
 * Serializes a table to `<out>/raw_data/<date>/<file>` and returns its ledger entries, finalized
 * with the file and each dirty record's 1-based position as written (table-level entries get null).
 * CSV: header, RFC 4180, CRLF, 0 bytes when empty. json-array: `json.dump(indent=2)` layout, `[]`
 * when empty. jsonl: one compact object a line, LF. Rows with `meta.raw` are written as that raw
 * text or bytes.
 *
 * @example
 * const entries = await writeTable('data', table); // writes data/raw_data/2025-12-01/qc_checks.csv
 */
export async function writeTable(out: string, table: SourceTable): Promise<LedgerEntry[]> {
  const file = tableFilePath(table);
  const entries: LedgerEntry[] = [];
  for (const p of table.ledger ?? []) entries.push(finalize(p, file, null));
  const rows = table.rows;
  const meta = table.meta;
  await atomicWrite(join(out, file), async (w) => {
    if (rows.length === 0) {
      if (table.format === 'json-array') await w.add('[]');
      return;
    }
    const layout = layoutOf(table);
    await w.add(layout.open);
    const hasMeta = meta.size > 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Row;
      const sep = i === 0 ? '' : layout.sep;
      const m = hasMeta ? meta.get(row) : undefined;
      if (m === undefined) {
        // Awaiting only when a chunk is full keeps the hot loop free of microtasks.
        if (w.push(sep + layout.encode(row))) await w.flush();
        continue;
      }
      for (const p of m.ledger) entries.push(finalize(p, file, i + 1));
      if (m.raw === undefined) await w.add(sep + layout.encode(row));
      else if (typeof m.raw === 'string') await w.add(sep + layout.rawPrefix + m.raw);
      else {
        await w.add(sep + layout.rawPrefix);
        await w.addBytes(m.raw);
      }
    }
    await w.add(layout.close);
  });
  return entries;
}

/** Ledger entries that belong to no file (degradation): file 'plant', no ordinal. */
export function plantLedger(pending: readonly PendingLedgerEntry[]): LedgerEntry[] {
  return pending.map((p) => finalize(p, 'plant', null));
}

const cmpText = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
const cmpNum = (a: number | null, b: number | null) =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a - b;

/** The ledger's order: file, ordinal, type, field (nulls first), then record key. */
export function compareLedger(a: LedgerEntry, b: LedgerEntry): number {
  return (
    cmpText(a.file, b.file) ||
    cmpNum(a.ordinal, b.ordinal) ||
    cmpText(a.type, b.type) ||
    cmpText(a.field, b.field) ||
    cmpText(a.record_key, b.record_key)
  );
}

/**
 * Writes `<out>/chaos/<date>/ledger.jsonl`: one compact JSON object a line, keys in the ledger
 * schema's order, sorted by {@link compareLedger}; an empty file when nothing was injected.
 */
export async function writeLedger(out: string, date: string, entries: readonly LedgerEntry[]): Promise<void> {
  const sorted = [...entries].sort(compareLedger);
  await atomicWrite(join(out, CHAOS_DIR, date, LEDGER_FILE), async (w) => {
    for (const e of sorted) await w.add(`${JSON.stringify(finalize(e, e.file, e.ordinal))}\n`);
  });
}
