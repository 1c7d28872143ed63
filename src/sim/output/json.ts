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
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value) ?? 'null';
}

/** Encodes rows of one column list as compact single-line objects (JSON lines). */
export class JsonLineEncoder {
  private readonly keys: string[];

  constructor(private readonly columns: readonly string[]) {
    this.keys = columns.map((c) => `${JSON.stringify(c)}:`);
  }

  /** `{"a":1,"b":"x"}`; keys whose value is undefined are left out, as JSON.stringify does. */
  encode(row: Row): string {
    let out = '{';
    let first = true;
    for (let c = 0; c < this.columns.length; c++) {
      const v = row[this.columns[c] as string];
      if (v === undefined) continue;
      out += (first ? '' : ',') + (this.keys[c] as string) + jsonValue(v);
      first = false;
    }
    return `${out}}`;
  }
}

/** One compact JSON line of a row, keys in `columns` order. */
export function jsonLine(columns: readonly string[], row: Row): string {
  return new JsonLineEncoder(columns).encode(row);
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
