/**
 * Writes a day's tables to `<out>/raw_data/<date>/<file>` and the chaos ledger to
 * `<out>/chaos/<date>/ledger.jsonl`. Files are written under a temporary name and renamed, so a
 * reader never sees half a file. Text is encoded into 4 MiB buffers written as they fill, so the
 * writer adds only those buffers to the memory the table itself takes.
 */
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CHAOS_DIR, LEDGER_FILE, RAW_DIR } from '../../contracts/layout.ts';
import type { LedgerEntry } from '../../contracts/ledger.ts';
import { compileCsvEncoder, csvHeader } from './csv.ts';
import { JsonLineEncoder, PrettyElementEncoder } from './json.ts';
import { compareLedger, finalize } from './ledger.ts';
import type { PendingLedgerEntry, Row, SourceTable } from './table.ts';

const CHUNK_BYTES = 4 << 20;

/**
 * Encodes text straight into a buffer and writes full buffers to the file while the next one fills
 * (two buffers, one write in flight), so encoding and disk I/O overlap. No big strings are built
 * (ropes of small pieces are slow to flatten) and memory stays at two chunks.
 */
class ChunkWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private spare = Buffer.allocUnsafe(CHUNK_BYTES);
  private off = 0;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly handle: FileHandle) {}

  /** Appends text if it surely fits (3 bytes per UTF-16 unit at most); false when the caller must flush. */
  put(text: string): boolean {
    if (this.off + text.length * 3 > CHUNK_BYTES) return false;
    this.off += this.buf.write(text, this.off);
    return true;
  }

  async add(text: string): Promise<void> {
    if (this.put(text)) return;
    await this.flush();
    if (!this.put(text)) {
      await this.drain();
      await this.handle.write(text, null, 'utf8');
    }
  }

  async addBytes(bytes: Uint8Array): Promise<void> {
    await this.drain();
    await this.handle.write(bytes);
  }

  /** Hands the filled buffer to the file (after the previous write ended) and fills the other one. */
  async flush(): Promise<void> {
    await this.inFlight;
    if (this.off === 0) return;
    const full = this.buf;
    const length = this.off;
    this.buf = this.spare;
    this.spare = full;
    this.off = 0;
    const write = writeAll(this.handle, full, length);
    // Marked handled now; the error still surfaces at the next flush or drain.
    write.catch(() => {});
    this.inFlight = write;
  }

  /** Waits for the write in flight, ignoring its outcome (cleanup after an error). */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => {});
  }

  /** Waits until everything handed over is on its way to disk. */
  async drain(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }
}

async function writeAll(handle: FileHandle, buf: Buffer, length: number): Promise<void> {
  let at = 0;
  while (at < length) at += (await handle.write(buf, at, length - at)).bytesWritten;
}

/** Writes a file through a temporary name; `fill` streams its content. */
async function atomicWrite(path: string, fill: (w: ChunkWriter) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const handle = await open(tmp, 'w');
  const w = new ChunkWriter(handle);
  try {
    await fill(w);
    await w.drain();
    await handle.close();
  } catch (err) {
    await w.settle();
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  await rename(tmp, path);
}

/** Path of a table's file relative to the data directory (the ledger's `file`). */
export function tableFilePath(table: Pick<SourceTable, 'date' | 'file'>): string {
  return `${RAW_DIR}/${table.date}/${table.file}`;
}

interface Layout {
  open: string;
  /** Between records (JSON arrays). */
  sep: string;
  /** After each record (line ends). */
  end: string;
  /** After the last record. */
  close: string;
  /** A record with its line end, so the hot loop writes one string per row. */
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
        sep: '',
        end: '\r\n',
        close: '',
        encode: compileCsvEncoder(cols, '\r\n'),
        rawPrefix: '',
      };
    }
    case 'jsonl': {
      const enc = new JsonLineEncoder(table.columns, '\n').encode;
      return { open: '', sep: '', end: '\n', close: '', encode: enc, rawPrefix: '' };
    }
    case 'json-array': {
      const enc = new PrettyElementEncoder(table.columns);
      return {
        open: '[\n',
        sep: ',\n',
        end: '',
        close: '\n]',
        encode: (row) => enc.encode(row),
        rawPrefix: '  ',
      };
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
    const { sep, end, encode, rawPrefix } = layout;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Row;
      const m = hasMeta ? meta.get(row) : undefined;
      if (m === undefined) {
        const text = i === 0 || sep === '' ? encode(row) : sep + encode(row);
        // Awaiting only when a chunk is full keeps the hot loop free of microtasks.
        if (!w.put(text)) await w.add(text);
        continue;
      }
      if (i > 0) await w.add(sep);
      for (const p of m.ledger) entries.push(finalize(p, file, i + 1));
      if (m.raw === undefined) await w.add(encode(row));
      else {
        await w.add(rawPrefix);
        if (typeof m.raw === 'string') await w.add(m.raw);
        else await w.addBytes(m.raw);
        await w.add(end);
      }
    }
    await w.add(layout.close);
  });
  return entries;
}

/**
 * Writes `<out>/chaos/<date>/ledger.jsonl`: one compact JSON object a line, keys in the ledger
 * schema's order, sorted by {@link compareLedger}; an empty file when nothing was injected.
 * Pending entries (no file yet) are written as the plant's: file 'plant', ordinal null.
 */
export async function writeLedger(
  out: string,
  date: string,
  entries: readonly (LedgerEntry | PendingLedgerEntry)[],
): Promise<void> {
  const sorted = entries
    .map((e) => ('file' in e ? finalize(e, e.file, e.ordinal) : finalize(e, 'plant', null)))
    .sort(compareLedger);
  await atomicWrite(join(out, CHAOS_DIR, date, LEDGER_FILE), async (w) => {
    for (const e of sorted) await w.add(`${JSON.stringify(e)}\n`);
  });
}

export { compareLedger, plantLedger } from './ledger.ts';
