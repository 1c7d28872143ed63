/**
 * A few lines of a file by number, read through the scan's sparse line index: one short read from
 * the nearest indexed line per wanted line (or per run of nearby ones), not a pass over the file.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { LINE_STRIDE } from './scan.ts';

const CHUNK = 1 << 20;

/**
 * The bytes of each wanted line (1-based physical line numbers), without the line end (a CR before
 * the LF is dropped too, as a JSON-lines reader would). `index` is FileScan.lineIndex.
 */
export function readLines(path: string, index: number[], wanted: number[]): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  const todo = [...new Set(wanted)].sort((a, b) => a - b);
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let t = 0;
    while (t < todo.length) {
      // Seek to the indexed line at or before the next wanted one, then read forward line by line.
      const block = Math.floor(((todo[t] as number) - 1) / LINE_STRIDE);
      let line = block * LINE_STRIDE + 1;
      let pos = index[block] ?? 0;
      let parts: Buffer[] = [];
      let seekAgain = false;
      while (!seekAgain && t < todo.length) {
        const n = readSync(fd, chunk, 0, CHUNK, pos);
        if (n <= 0) {
          // End of file: the line read so far is the last one, without a line end.
          if (line === todo[t] && parts.length > 0) out.set(line, stripCr(Buffer.concat(parts)));
          t = todo.length; // anything further is past the end: the caller notices it missing
          break;
        }
        let start = 0;
        for (;;) {
          const nl = chunk.subarray(0, n).indexOf(10, start);
          const end = nl === -1 ? n : nl;
          if (line === todo[t]) parts.push(Buffer.from(chunk.subarray(start, end)));
          if (nl === -1) break;
          if (line === todo[t]) {
            out.set(line, stripCr(Buffer.concat(parts)));
            parts = [];
            t++;
            // Far ahead: seek there rather than read everything in between.
            if (t < todo.length && (todo[t] as number) > line + 2 * LINE_STRIDE) {
              seekAgain = true;
              break;
            }
          }
          line++;
          start = nl + 1;
        }
        pos += n;
      }
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

const stripCr = (b: Buffer) => (b.length > 0 && b[b.length - 1] === 13 ? b.subarray(0, b.length - 1) : b);
