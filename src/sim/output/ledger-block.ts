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
  const sorted = sortLedger(entries);
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

/**
 * The ledger's order for one file's entries. A table's writer emits them by ordinal already (the
 * table's own entries first), so only the entries of one record need sorting among themselves —
 * far cheaper than sorting the day's ~10^5 entries whole; anything else gets the full sort.
 */
function sortLedger(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const out = [...entries];
  const ord = (e: LedgerEntry) => (e.ordinal === null ? -1 : e.ordinal);
  for (let i = 1; i < out.length; i++)
    if (ord(out[i] as LedgerEntry) < ord(out[i - 1] as LedgerEntry)) return out.sort(compareLedger);
  for (let from = 0; from < out.length; ) {
    let to = from + 1;
    while (to < out.length && ord(out[to] as LedgerEntry) === ord(out[from] as LedgerEntry)) to++;
    if (to - from > 1) {
      const group = out.slice(from, to).sort(compareLedger);
      for (let k = 0; k < group.length; k++) out[from + k] = group[k] as LedgerEntry;
    }
    from = to;
  }
  return out;
}
