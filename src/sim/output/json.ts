/**
 * JSON text of rows, byte-for-byte what JSON.stringify writes for each value, with keys in `columns`
 * order. Per-row JSON.stringify of whole objects is the slow part of writing millions of rows, so
 * flat values are encoded here with precomputed key prefixes and a fast path for plain strings.
 */
import type { Row } from './table.ts';

// Characters JSON.stringify escapes: quote, backslash, control characters, lone surrogates.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Compact JSON of one value (`undefined` is the caller's to skip). */
export function jsonValue(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? `${value}` : 'null';
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value) ?? 'null';
}

/** `{"a":1,"b":"x"}`; keys whose value is undefined are left out, as JSON.stringify does. */
function encodeLoop(columns: readonly string[], keys: readonly string[], row: Row): string {
  let out = '{';
  let first = true;
  for (let c = 0; c < columns.length; c++) {
    const v = row[columns[c] as string];
    if (v === undefined) continue;
    out += (first ? '' : ',') + (keys[c] as string) + jsonValue(v);
    first = false;
  }
  return `${out}}`;
}

/**
 * A row encoder specialised to one column list: a single expression of constant key text and value
 * calls, about a third faster than a loop over the columns. Column names enter the generated code
 * only as JSON string literals. Rows missing a key take the generic loop.
 */
function compileLineEncoder(
  columns: readonly string[],
  keys: readonly string[],
  end: string,
): (row: Row) => string {
  if (columns.length === 0) return () => `{}${end}`;
  const reads = columns.map((c, i) => `const v${i} = row[${JSON.stringify(c)}];`).join('\n');
  const missing = columns.map((_, i) => `v${i} === undefined`).join(' || ');
  const text = columns
    .map((_, i) => `${JSON.stringify((i === 0 ? '{' : ',') + keys[i])} + value(v${i})`)
    .join(' + ');
  const close = JSON.stringify(`}${end}`);
  const body = `return (row) => {\n${reads}\nif (${missing}) return slow(row);\nreturn ${text} + ${close};\n};`;
  return new Function('value', 'slow', body)(jsonValue, (row: Row) => encodeLoop(columns, keys, row) + end);
}

/** Encodes rows of one column list as compact single-line objects (JSON lines). */
export class JsonLineEncoder {
  /**
   * `{"a":1,"b":"x"}` followed by `end`; keys whose value is undefined are left out, as
   * JSON.stringify does.
   */
  readonly encode: (row: Row) => string;

  constructor(columns: readonly string[], end = '') {
    const keys = columns.map((c) => `${JSON.stringify(c)}:`);
    this.encode = compileLineEncoder(columns, keys, end);
  }
}

/** One compact JSON line of a row, keys in `columns` order. */
export function jsonLine(columns: readonly string[], row: Row): string {
  return encodeLoop(
    columns,
    columns.map((c) => `${JSON.stringify(c)}:`),
    row,
  );
}

/**
 * Encodes rows as elements of a pretty-printed array, laid out like Python's
 * `json.dump(rows, f, indent=2)`: each element indented 2, its keys 4, nested values indented on.
 */
export class PrettyElementEncoder {
  private readonly keys: string[];

  constructor(private readonly columns: readonly string[]) {
    this.keys = columns.map((c) => `    ${JSON.stringify(c)}: `);
  }

  encode(row: Row): string {
    let out = '';
    for (let c = 0; c < this.columns.length; c++) {
      const v = row[this.columns[c] as string];
      if (v === undefined) continue;
      const text =
        v !== null && typeof v === 'object'
          ? (JSON.stringify(v, null, 2) as string).replaceAll('\n', '\n    ')
          : jsonValue(v);
      out += (out === '' ? '' : ',\n') + (this.keys[c] as string) + text;
    }
    return out === '' ? '  {}' : `  {\n${out}\n  }`;
  }
}

// ---------------------------------------------------------------------------------------------
// Straight to bytes. Telemetry is tens of millions of flat rows; building a string per row (a rope
// of ~20 pieces that Buffer.write must flatten) and formatting every double with the engine's
// shortest-round-trip algorithm was most of the simulator's time. Flat rows of ASCII strings and
// numbers are written here digit by digit into the output buffer instead; anything else is declined
// and takes the string encoder above, so the bytes are the same either way.
// ---------------------------------------------------------------------------------------------

/** Longest string the byte path copies; longer ones are declined (so a row's size stays bounded). */
const MAX_BYTE_STRING = 256;
/** Longest text of a number: sign, 17 significant digits, point, exponent (`-1.2345678901234567e-308`). */
const MAX_NUMBER_BYTES = 25;
/** Places the fixed-decimal fast path covers (sensors write 2–3, chaos up to 4), and 10^that. */
const PLACES = 6;
const SCALE = 1e6;
/** Below this a number's decimal path stays exact (see writeNumber). */
const DECIMAL_LIMIT = 1e9;

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
  if (text.length > MAX_BYTE_STRING) return -1;
  buf[off++] = 34; // '"'
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c >= 0x80 || c === 34 || c === 92) return -1;
    buf[off++] = c;
  }
  buf[off++] = 34;
  return off;
}

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

/** Statements that store the UTF-8 bytes of `text` at `off` (constant key text). */
function storeBytes(text: string): string {
  let code = '';
  for (const b of Buffer.from(text, 'utf8')) code += `buf[off++] = ${b};`;
  return code;
}

/**
 * Encodes flat rows of one column list as JSON lines straight into a byte buffer, byte for byte
 * what {@link JsonLineEncoder} gives. Rows holding values it does not take (objects, non-ASCII or
 * escaped or very long strings, a missing key) are declined, for the caller to encode as text.
 *
 * Like the text encoder it is compiled for its column list: constant property reads stay fast
 * where a loop over `row[columns[c]]` goes through V8's slow generic lookup, and the key text is
 * stored as constant bytes. Column names enter the generated code only as JSON string literals
 * and byte values.
 */
export class JsonLineByteEncoder {
  /** Upper bound of the bytes one row can take: encodeInto needs this much room from `off`. */
  readonly maxBytes: number;
  /** Writes the row at `off` (room for {@link maxBytes} required); returns the end, or -1 if declined. */
  readonly encodeInto: (row: Row, buf: Uint8Array, off: number) => number;

  constructor(columns: readonly string[], end = '') {
    const keys = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`);
    const keyBytes = keys.reduce((sum, k) => sum + Buffer.byteLength(k), 0);
    const valueBytes = Math.max(MAX_BYTE_STRING + 2, MAX_NUMBER_BYTES);
    this.maxBytes = keyBytes + columns.length * valueBytes + 2 + Buffer.byteLength(end);
    if (columns.length === 0) {
      this.encodeInto = () => -1;
      return;
    }
    const reads = columns.map((c, i) => `const v${i} = row[${JSON.stringify(c)}];`).join('\n');
    const missing = columns.map((_, i) => `v${i} === undefined`).join(' || ');
    const writes = columns
      .map(
        (_, i) => `${storeBytes(keys[i] as string)}\noff = value(buf, off, v${i});\nif (off < 0) return -1;`,
      )
      .join('\n');
    const body = `return (row, buf, off) => {\n${reads}\nif (${missing}) return -1;\n${writes}\n${storeBytes(`}${end}`)}\nreturn off;\n};`;
    this.encodeInto = new Function('value', body)(writeValue);
  }
}
