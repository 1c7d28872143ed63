/**
 * JSON lines straight to bytes. Telemetry is tens of millions of flat rows; building a string per
 * row (a rope of ~20 pieces that Buffer.write must flatten) and formatting every double with the
 * engine's shortest-round-trip algorithm was most of the simulator's time. Flat rows of ASCII
 * strings and numbers are written here into the output buffer instead; anything else is declined
 * and takes the string encoder (json.ts), so the bytes are the same either way.
 *
 * Storing single bytes into a Uint8Array costs about as much per byte as formatting does, so what
 * repeats is copied four bytes at a time through a DataView: the constant key text, a string equal
 * to the column's previous one (the machine id and the state of consecutive readings), and numbers
 * seen before (a direct-mapped cache of their text: sensor values take a few thousand distinct values).
 */

/** Longest string the byte path copies; longer ones are declined (so a row's size stays bounded). */
const MAX_BYTE_STRING = 256;
/** Longest text of a number: sign, 17 significant digits, point, exponent (`-1.2345678901234567e-308`). */
const MAX_NUMBER_BYTES = 25;
/** Places the fixed-decimal fast path covers (sensors write 2–3, chaos up to 4), and 10^that. */
const PLACES = 6;
const SCALE = 1e6;
/** Below this a number's decimal path stays exact (see writeNumber). */
const DECIMAL_LIMIT = 1e9;
/** Word stores may run this many bytes past a value's end (overwritten by what follows). */
const OVERRUN = 16;

/** Writes the decimal digits of an integer 0 ≤ n < 2^53 at `off`; returns the end. */
function writeDigits(buf: Uint8Array, off: number, n: number): number {
  if (n < 0x80000000) return writeDigits31(buf, off, n | 0);
  let len = 1;
  for (let p = 10; p <= n; p *= 10) len++;
  for (let i = off + len - 1; i >= off; i--) {
    const q = Math.floor(n / 10);
    buf[i] = 48 + (n - q * 10);
    n = q;
  }
  return off + len;
}

/** writeDigits for n < 2^31, in 32-bit integer arithmetic (the common case, and much cheaper). */
function writeDigits31(buf: Uint8Array, off: number, n: number): number {
  let len = 1;
  for (let p = 10; p <= n; p *= 10) len++;
  return writeFixedDigits(buf, off, n, len);
}

/** Writes 0 ≤ n < 2^31 as exactly `len` digits, zero-padded on the left; returns the end. */
function writeFixedDigits(buf: Uint8Array, off: number, n: number, len: number): number {
  for (let i = off + len - 1; i >= off; i--) {
    const q = (n / 10) | 0;
    buf[i] = 48 + n - q * 10;
    n = q;
  }
  return off + len;
}

/** Writes ASCII text (numbers' own text: always ASCII) at `off`; returns the end. */
function writeAscii(buf: Uint8Array, off: number, text: string): number {
  for (let i = 0; i < text.length; i++) buf[off++] = text.charCodeAt(i);
  return off;
}

/**
 * Writes what `${v}` gives for a finite number. Integers below 1e15 and values that equal a
 * decimal of at most 6 places (the sensors round to 2–3) are written from integers; the rest are
 * formatted by the engine.
 *
 * Why the decimal path is exact: if `n / 1e6 === v` for an integer n, v is the double nearest to the
 * decimal n/10^6 (division rounds correctly). Below 1e9 doubles lie closer together than 10^-6, so
 * no other decimal of 6 places or fewer lands on v; that decimal, trailing zeros dropped, is the
 * shortest text that reads back as v, which is what Number#toString writes (in fixed notation,
 * since 1e-6 ≤ |v| < 1e21). And when v is such a double, v × 10^6 is within 0.1 of n, so rounding
 * finds n.
 */
export function writeNumber(buf: Uint8Array, off: number, v: number): number {
  const neg = v < 0;
  const a = neg ? -v : v;
  if (Number.isInteger(a) && a < 1e15) {
    if (neg) buf[off++] = 45; // '-' (-0 is not < 0 and prints as "0", like `${-0}`)
    return writeDigits(buf, off, a);
  }
  if (a < DECIMAL_LIMIT) {
    const n = Math.round(a * SCALE);
    if (n / SCALE === a) {
      if (neg) buf[off++] = 45;
      const int = Math.floor(a);
      // 0 < frac < 10^6 (v is no integer), so 32-bit arithmetic; trailing zeros are dropped.
      let frac = (n - int * SCALE) | 0;
      let places = PLACES;
      while (frac % 10 === 0) {
        frac = (frac / 10) | 0;
        places--;
      }
      off = writeDigits(buf, off, int);
      buf[off++] = 46; // '.'
      return writeFixedDigits(buf, off, frac, places); // leading zeros kept: 0.05 → "05"
    }
  }
  return writeAscii(buf, off, `${v}`);
}

/**
 * Writes a JSON string whose text needs no escaping and no multi-byte UTF-8 (printable ASCII but
 * `"` and `\`); returns the end, or -1 when the string does not qualify.
 */
function writePlainString(buf: Uint8Array, off: number, text: string): number {
  const n = text.length;
  if (n > MAX_BYTE_STRING) return -1;
  buf[off++] = 34; // '"'
  // One table load per character, checked once at the end (what was written is then overwritten).
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    bad |= NOT_PLAIN[c] as number;
    buf[off + i] = c;
  }
  if (bad !== 0) return -1;
  off += n;
  buf[off++] = 34;
  return off;
}

/** 1 for each UTF-16 code unit a plain string may not hold: controls, `"`, `\\`, anything past ASCII. */
const NOT_PLAIN = new Uint8Array(65536).fill(1);
for (let c = 0x20; c < 0x80; c++) NOT_PLAIN[c] = c === 34 || c === 92 ? 1 : 0;

/**
 * Writes one flat value (`undefined` is the caller's to skip); returns the end, or -1 for a value
 * the byte path does not take.
 */
function writeValue(buf: Uint8Array, off: number, v: unknown): number {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return writeNumber(buf, off, v);
    return writeAscii(buf, off, 'null');
  }
  if (typeof v === 'string') return writePlainString(buf, off, v);
  if (v === null) return writeAscii(buf, off, 'null');
  if (v === true) return writeAscii(buf, off, 'true');
  if (v === false) return writeAscii(buf, off, 'false');
  return -1;
}

/** Statements that store the bytes of constant text at `off` a word at a time, then advance `off`. */
function storeWords(text: string): string {
  const bytes = Buffer.from(`${text}\0\0\0`, 'utf8');
  const n = Buffer.byteLength(text);
  let code = '';
  for (let i = 0; i < n; i += 4) code += `dv.setUint32(off + ${i}, ${bytes.readUInt32LE(i)}, true);`;
  return `${code}off += ${n};`;
}

/** Number texts seen before, by value: a direct-mapped cache of 2^BITS slots of up to 16 bytes. */
const NUMBER_BITS = 14;

class NumberTexts {
  private readonly keys = new Float64Array(1 << NUMBER_BITS).fill(Number.NaN); // NaN matches nothing
  private readonly words = new Uint32Array(4 << NUMBER_BITS);
  private readonly lengths = new Uint8Array(1 << NUMBER_BITS);

  /** Writes a finite number like writeNumber; `dv` views `buf`, with OVERRUN bytes of room past the text. */
  write(dv: DataView, buf: Uint8Array, off: number, v: number): number {
    // 32-bit integers (counts, ordinals) are cheaper to write than to look up; -0 prints "0".
    if ((v | 0) === v) {
      if (v >= 0) return writeDigits31(buf, off, v);
      buf[off++] = 45; // '-'
      return writeDigits31(buf, off, -v);
    }
    const slot = Math.imul((v * 1000) | 0, 0x9e3779b1) >>> (32 - NUMBER_BITS);
    const w = slot << 2;
    const words = this.words;
    if (this.keys[slot] === v) {
      const len = this.lengths[slot] as number;
      dv.setUint32(off, words[w] as number, true);
      dv.setUint32(off + 4, words[w + 1] as number, true);
      if (len > 8) {
        dv.setUint32(off + 8, words[w + 2] as number, true);
        dv.setUint32(off + 12, words[w + 3] as number, true);
      }
      return off + len;
    }
    const end = writeNumber(buf, off, v);
    const len = end - off;
    if (len <= 16) {
      this.keys[slot] = v;
      this.lengths[slot] = len;
      words[w] = dv.getUint32(off, true);
      words[w + 1] = dv.getUint32(off + 4, true);
      words[w + 2] = dv.getUint32(off + 8, true);
      words[w + 3] = dv.getUint32(off + 12, true);
    }
    return end;
  }
}

/** The bytes of a column's last string (with its quotes), kept once it repeats. */
const MAX_KEPT_STRING = 64;

/**
 * Encodes flat rows of one column list as JSON lines straight into a byte buffer, byte for byte
 * what JsonLineEncoder (json.ts) gives. Rows holding values it does not take (objects, non-ASCII
 * or escaped or very long strings, a missing key) are declined, for the caller to encode as text.
 *
 * It is compiled for its column list: constant property reads stay fast where a loop over
 * `row[columns[c]]` goes through V8's slow generic lookup, and the key text is stored as constant
 * words. Column names enter the generated code only as JSON string literals and numbers.
 */
export class JsonLineByteEncoder {
  /** Upper bound of the bytes one row can take: encodeInto needs this much room from `off`. */
  readonly maxBytes: number;
  /** Writes the row at `off` (room for {@link maxBytes} required); returns the end, or -1 if declined. */
  readonly encodeInto: (row: Record<string, unknown>, buf: Uint8Array, off: number) => number;

  constructor(columns: readonly string[], end = '') {
    const keys = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`);
    const keyBytes = keys.reduce((sum, k) => sum + Buffer.byteLength(k), 0);
    const valueBytes = Math.max(MAX_BYTE_STRING + 2, MAX_NUMBER_BYTES);
    this.maxBytes = keyBytes + columns.length * valueBytes + 2 + Buffer.byteLength(end) + OVERRUN;
    if (columns.length === 0) {
      this.encodeInto = () => -1;
      return;
    }
    const numbers = new NumberTexts();
    const writeNum = (dv: DataView, buf: Uint8Array, off: number, v: number) =>
      numbers.write(dv, buf, off, v);
    const reads = columns.map((c, i) => `const v${i} = row[${JSON.stringify(c)}];`).join('\n');
    const missing = columns.map((_, i) => `v${i} === undefined`).join(' || ');
    const state = columns
      .map((_, i) => `let last${i}; let seen${i}; let len${i} = 0; const words${i} = new Uint32Array(16);`)
      .join('\n');
    const value = (i: number) => `
if (v${i} === last${i}) {
  for (let k = 0; k < len${i}; k += 4) dv.setUint32(off + k, words${i}[k >> 2], true);
  off += len${i};
} else if (typeof v${i} === 'number' && Number.isFinite(v${i})) {
  off = num(dv, buf, off, v${i});
} else {
  const from = off;
  off = value(buf, off, v${i});
  if (off < 0) return -1;
  if (v${i} === seen${i} && typeof v${i} === 'string' && off - from <= ${MAX_KEPT_STRING}) {
    last${i} = v${i};
    len${i} = off - from;
    for (let k = 0; k < len${i}; k += 4) words${i}[k >> 2] = dv.getUint32(from + k, true);
  }
  seen${i} = v${i};
}`;
    const writes = columns.map((_, i) => `${storeWords(keys[i] as string)}${value(i)}`).join('\n');
    const body = `${state}
let dvBuf = null;
let dv = null;
return (row, buf, off) => {
${reads}
if (${missing}) return -1;
if (buf !== dvBuf) { dvBuf = buf; dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength); }
${writes}
${storeWords(`}${end}`)}
return off;
};`;
    this.encodeInto = new Function('value', 'num', body)(writeValue, writeNum);
  }
}
