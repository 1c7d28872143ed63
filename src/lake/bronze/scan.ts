/**
 * One streaming pass over a file before it is loaded: its sha256 (identity for the manifest and every
 * bronze row) and the facts that choose a loader's path — valid UTF-8 throughout, a BOM, blank lines,
 * whether every line starts like a JSON object, the number of lines. Fast (SHA-NI; the next chunk is
 * read while this one is hashed) and constant in memory.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

export interface FileScan {
  size: number;
  mtimeMs: number;
  sha256: string;
  /** Newline-terminated lines, plus a last line without a newline. */
  lines: number;
  blankLines: boolean;
  bom: boolean;
  utf8: boolean;
  /** Every line starts with `{` (no blank lines, no leading white space, no BOM): JSON lines of objects, at a glance. */
  objectLines: boolean;
  /** Both CRLF and bare LF line ends occur (inside quoted CSV fields too: the count is by bytes). */
  mixedLineEnds: boolean;
  /**
   * Where every LINE_STRIDE-th line starts: entry k is the byte offset of line k·LINE_STRIDE + 1.
   * Finds a line by its number with one short read (lines.ts), in memory a file's size / ~100 k.
   */
  lineIndex?: number[];
  /** Bytes of the longest line, its line end included. */
  longestLine?: number;
}

export const LINE_STRIDE = 1024;

const CHUNK = 4 << 20;
const LF = 10;
const CR = 13;
const BRACE = 0x7b;

export async function scanFile(path: string): Promise<FileScan> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    const hash = createHash('sha256');
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let lines = 0;
    let blankLines = false;
    let bom = false;
    let utf8 = true;
    let objectLines = true;
    let crlf = false;
    let bareLf = false;
    // The two bytes before the chunk, as if newlines preceded the file (an empty first line is blank).
    let prev1 = LF;
    let prev2 = LF;
    let lineStart = true; // the chunk starts a line
    // Bytes after the last newline so far, waiting for the rest of their line to be UTF-8-checked: a
    // multi-byte character may be split across chunks, never across a newline.
    let carry: Buffer | null = null;
    const lineIndex = [0];
    let lineFrom = 0; // where the current line starts in the file
    let longestLine = 0;
    let pos = 0;
    let which = 0;
    let pending = fh.read(bufs[0] as Buffer, 0, CHUNK, 0);
    for (;;) {
      const { bytesRead: n } = await pending;
      if (n === 0) break;
      const buf = (bufs[which] as Buffer).subarray(0, n);
      which ^= 1;
      pending = fh.read(bufs[which] as Buffer, 0, CHUNK, pos + n);
      hash.update(buf);
      if (pos === 0) bom = n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
      if (lineStart && buf[0] !== BRACE) objectLines = false;
      let first = -1;
      let last = -1;
      let i = -1;
      while ((i = buf.indexOf(LF, i + 1)) !== -1) {
        lines++;
        if (lines % LINE_STRIDE === 0) lineIndex.push(pos + i + 1);
        if (pos + i + 1 - lineFrom > longestLine) longestLine = pos + i + 1 - lineFrom;
        lineFrom = pos + i + 1;
        const before = i > 0 ? buf[i - 1] : prev1;
        const beforeCr = i > 1 ? buf[i - 2] : i === 1 ? prev1 : prev2;
        if (before === LF || (before === CR && beforeCr === LF)) blankLines = true;
        if (before === CR) crlf = true;
        else bareLf = true;
        if (i + 1 < n && buf[i + 1] !== BRACE) objectLines = false;
        if (first < 0) first = i;
        last = i;
      }
      lineStart = last === n - 1;
      prev2 = n > 1 ? (buf[n - 2] as number) : prev1;
      prev1 = buf[n - 1] as number;
      if (utf8) {
        if (last < 0) carry = carry ? Buffer.concat([carry, buf]) : Buffer.from(buf);
        else {
          const head = buf.subarray(0, first + 1);
          if (!isUtf8(carry ? Buffer.concat([carry, head]) : head)) utf8 = false;
          else if (last > first && !isUtf8(buf.subarray(first + 1, last + 1))) utf8 = false;
          carry = last < n - 1 ? Buffer.from(buf.subarray(last + 1)) : null;
        }
      }
      pos += n;
    }
    if (utf8 && carry && !isUtf8(carry)) utf8 = false;
    if (pos > 0 && !lineStart) lines++;
    if (pos - lineFrom > longestLine) longestLine = pos - lineFrom;
    if (pos === 0) objectLines = true; // nothing to read: no line breaks the rule
    return {
      size: st.size,
      mtimeMs: st.mtimeMs,
      sha256: hash.digest('hex'),
      lines,
      blankLines,
      bom,
      utf8,
      objectLines,
      mixedLineEnds: crlf && bareLf,
      lineIndex,
      longestLine,
    };
  } finally {
    await fh.close();
  }
}
