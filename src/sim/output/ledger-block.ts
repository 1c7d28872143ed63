/**
 * One file's ledger lines, encoded where the file was written. Telemetry's entries (10^5 a day on a
 * big plant) are made on a worker thread; handing them to the main thread as objects would cost a
 * structured clone of each, so they travel as the bytes the ledger file will hold, which
 * writeLedger puts in whole (the ledger sorts by file first, so one file's lines are contiguous).
 */
import type { LedgerEntry } from '../../contracts/ledger.ts';
import { JsonLineByteEncoder, JsonLineEncoder } from './json.ts';
import { compareLedger, LEDGER_COLUMNS } from './ledger.ts';

export interface LedgerBlock {
  /** The data file all the entries are about (`raw_data/<date>/<file>`). */
  file: string;
  /** Their lines, sorted as the ledger sorts, each ending in LF, in chunks of at most CHUNK bytes. */
  chunks: Uint8Array[];
}

/** Chunks, not one buffer: a big plant's day is ~25 MB of lines, and a growing buffer copies them. */
const CHUNK = 4 << 20;

/** Encodes `entries`, every one about `file`, exactly as writeLedger would write them. */
export function ledgerBlock(file: string, entries: readonly LedgerEntry[]): LedgerBlock {
  for (const e of entries)
    if (e.file !== file) throw new Error(`a ledger block for ${file} got an entry for ${e.file}`);
  const sorted = [...entries].sort(compareLedger);
  const enc = new JsonLineByteEncoder(LEDGER_COLUMNS, '\n');
  const text = new JsonLineEncoder(LEDGER_COLUMNS, '\n').encode;
  const chunks: Uint8Array[] = [];
  let buf = Buffer.allocUnsafeSlow(CHUNK);
  let off = 0;
  const room = (bytes: number) => {
    if (off + bytes <= buf.length) return;
    chunks.push(buf.subarray(0, off));
    buf = Buffer.allocUnsafeSlow(Math.max(CHUNK, bytes));
    off = 0;
  };
  for (const e of sorted) {
    room(enc.maxBytes);
    const end = enc.encodeInto(e, buf, off);
    if (end >= 0) {
      off = end;
      continue;
    }
    const line = text(e);
    room(Buffer.byteLength(line));
    off += buf.write(line, off);
  }
  if (off > 0) chunks.push(buf.subarray(0, off));
  return { file, chunks };
}
