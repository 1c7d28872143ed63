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
import { JsonLineByteEncoder, JsonLineEncoder, PrettyElementEncoder } from './json.ts';
import { compareLedger, finalize, LEDGER_COLUMNS } from './ledger.ts';
import type { LedgerBlock } from './ledger-block.ts';
import type { PendingLedgerEntry, Row, SourceTable } from './table.ts';

const CHUNK_BYTES = 4 << 20;

/** Writes a record straight into a byte buffer (see JsonLineByteEncoder). */
interface ByteEncoder {
  /** Room one record may need. */
  readonly maxBytes: number;
  /** Returns the end of the record, or -1 when it declines the record (to be written as text). */
  encodeInto(row: Row, buf: Uint8Array, off: number): number;
}

/**
 * Chunks of finished files, reused by the next ones: a day writes a dozen files and a run
 * hundreds, and fresh 4 MiB buffers for each would cost a page fault per 4 KiB touched and churn
 * the RSS. Files written at the same time each take their own pair.
 */
const freeChunks: Buffer[] = [];
const takeChunk = () => freeChunks.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);

/**
 * Encodes text straight into a buffer and writes full buffers to the file while the next one fills
 * (two buffers, one write in flight), so encoding and disk I/O overlap. No big strings are built
 * (ropes of small pieces are slow to flatten) and memory stays at two chunks.
 */
class ChunkWriter {
  private buf = takeChunk();
  private spare = takeChunk();
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

  /** Whether `bytes` more fit in the current chunk. */
  fits(bytes: number): boolean {
    return this.off + bytes <= CHUNK_BYTES;
  }

  /**
   * Encodes a record straight into the chunk; the caller made sure `enc.maxBytes` fit. False when
   * the encoder declined the record (whatever it wrote is overwritten by what comes next).
   */
  putRecord(enc: ByteEncoder, row: Row): boolean {
    const end = enc.encodeInto(row, this.buf, this.off);
    if (end < 0) return false;
    this.off = end;
    return true;
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

  /** Hands the buffers back for the next file; call when no write is in flight any more. */
  release(): void {
    freeChunks.push(this.buf, this.spare);
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
  } finally {
    w.release(); // no write is in flight here: drain or settle waited for it
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
  /** Same bytes as `encode`, written without building strings (formats without `sep` only). */
  bytes?: ByteEncoder;
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
      const bytes = new JsonLineByteEncoder(table.columns, '\n');
      return { open: '', sep: '', end: '\n', close: '', encode: enc, rawPrefix: '', bytes };
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
    const { sep, end, encode, rawPrefix, bytes } = layout;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Row;
      const m = hasMeta ? meta.get(row) : undefined;
      if (m !== undefined) {
        for (const p of m.ledger) entries.push(finalize(p, file, i + 1));
        if (m.raw !== undefined) {
          if (i > 0) await w.add(sep);
          await w.add(rawPrefix);
          if (typeof m.raw === 'string') await w.add(m.raw);
          else await w.addBytes(m.raw);
          await w.add(end);
          continue;
        }
      }
      // Awaiting only when a chunk is full keeps the hot loop free of microtasks.
      if (bytes !== undefined) {
        if (!w.fits(bytes.maxBytes)) await w.flush();
        if (w.putRecord(bytes, row)) continue;
      }
      const text = i === 0 || sep === '' ? encode(row) : sep + encode(row);
      if (!w.put(text)) await w.add(text);
    }
    await w.add(layout.close);
  });
  return entries;
}

/**
 * Writes `<out>/chaos/<date>/ledger.jsonl`: one compact JSON object a line, keys in the ledger
 * schema's order, sorted by {@link compareLedger}; an empty file when nothing was injected.
 * Pending entries (no file yet) are written as the plant's: file 'plant', ordinal null.
 * A big plant's day has ~10^5 entries, so lines go through the same encoders as table rows (the
 * encoder puts the keys in order, so finished entries need no copy) and awaits only on full chunks.
 * `blocks` are other files' entries already encoded (ledger-block.ts: telemetry's, from a worker
 * thread); the ledger sorts by file first, so each goes in whole where its file sorts.
 */
export async function writeLedger(
  out: string,
  date: string,
  entries: readonly (LedgerEntry | PendingLedgerEntry)[],
  blocks: readonly LedgerBlock[] = [],
): Promise<void> {
  const sorted = entries.map((e) => ('file' in e ? e : finalize(e, 'plant', null))).sort(compareLedger);
  const inBlocks = new Set(blocks.map((b) => b.file));
  const queue = [...blocks].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const bytes = new JsonLineByteEncoder(LEDGER_COLUMNS, '\n');
  const text = new JsonLineEncoder(LEDGER_COLUMNS, '\n').encode;
  await atomicWrite(join(out, CHAOS_DIR, date, LEDGER_FILE), async (w) => {
    let b = 0;
    for (const e of sorted) {
      if (inBlocks.has(e.file))
        throw new Error(`ledger entries for ${e.file} both as entries and as a block`);
      while (b < queue.length && (queue[b] as LedgerBlock).file < e.file)
        for (const chunk of (queue[b++] as LedgerBlock).chunks) await w.addBytes(chunk);
      if (!w.fits(bytes.maxBytes)) await w.flush();
      if (w.putRecord(bytes, e)) continue;
      const line = text(e);
      if (!w.put(line)) await w.add(line);
    }
    while (b < queue.length) for (const chunk of (queue[b++] as LedgerBlock).chunks) await w.addBytes(chunk);
  });
}

export { compareLedger, plantLedger } from './ledger.ts';
