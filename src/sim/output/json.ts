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

export { JsonLineByteEncoder, writeNumber } from './json-bytes.ts';
