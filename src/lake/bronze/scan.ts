/**
 * One streaming pass over a file before it is loaded: its sha256 (identity for the manifest and every
 * bronze row) and the facts that choose a loader's path — valid UTF-8 throughout, a BOM, blank lines,
 * the number of lines. Fast (SHA-NI, ~1.5 GB/s here) and constant in memory.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

export interface FileScan {
  size: number;
  mtimeMs: number;
  sha256: string;
  /** Newline-terminated lines, plus a last line without a newline. */
  lines: number;
  blankLines: boolean;
  bom: boolean;
  utf8: boolean;
}

export async function scanFile(path: string): Promise<FileScan> {
  const st = statSync(path);
  const hash = createHash('sha256');
  let lines = 0;
  let blankLines = false;
  let bom = false;
  let utf8 = true;
  let first = true;
  let carry: Buffer = Buffer.alloc(0);
  let prevByte = 10; // as if a newline preceded the file, so an empty first line counts as blank
  let pendingTail = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    if (first) {
      bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
      first = false;
    }
    let i = -1;
    let last = -1;
    while ((i = buf.indexOf(10, i + 1)) !== -1) {
      lines++;
      const before = i > 0 ? buf[i - 1] : prevByte;
      const beforeCr = i > 1 ? buf[i - 2] : i === 1 ? prevByte : 10;
      if (before === 10 || (before === 13 && beforeCr === 10)) blankLines = true;
      last = i;
    }
    prevByte = buf[buf.length - 1] ?? prevByte;
    pendingTail = last !== buf.length - 1;
    // UTF-8 is checked up to the last newline; the rest waits for the next chunk so a
    // multi-byte character split across chunks is not mistaken for bad bytes.
    if (utf8) {
      const upto = last >= 0 ? last + 1 : 0;
      const head = carry.length ? Buffer.concat([carry, buf.subarray(0, upto)]) : buf.subarray(0, upto);
      if (upto > 0 && !isUtf8(head)) utf8 = false;
      carry = Buffer.from(upto > 0 ? buf.subarray(upto) : Buffer.concat([carry, buf]));
    }
  }
  if (utf8 && carry.length > 0 && !isUtf8(carry)) utf8 = false;
  if (pendingTail && st.size > 0) lines++;
  return { size: st.size, mtimeMs: st.mtimeMs, sha256: hash.digest('hex'), lines, blankLines, bom, utf8 };
}
