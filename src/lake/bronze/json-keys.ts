/** Top-level keys of JSON objects, in first-seen order, and the SQL to pull them out as text. */
import { ident, literal } from '../sql.ts';

/**
 * `$."key"`: a JSON path that survives dots, spaces and quotes in key names. The empty key, which
 * that syntax cannot name, is the JSON Pointer `/`.
 */
export const keyPath = (key: string) =>
  key === '' ? '/' : `$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** The path as SQL: a literal, or literals joined by chr(0) for a key with a NUL (a literal cannot hold one). */
const pathSql = (key: string) =>
  keyPath(key)
    .split('\0')
    .map((part) => literal(part))
    .join(' || chr(0) || ');

/** One list extraction parses each object once; element i is key i's value as text. */
export function extractAll(jsonExpr: string, keys: string[]): string[] {
  if (keys.length === 0) return [];
  const list = `json_extract_string(${jsonExpr}, [${keys.map(pathSql).join(', ')}])`;
  return keys.map((_, i) => `${list}[${i + 1}]`);
}

export const orderedKeysSql = (from: string, jsonCol: string, ordCol: string) =>
  `SELECT k FROM (SELECT unnest(json_keys(${ident(jsonCol)})) AS k, ${ident(ordCol)} AS o, generate_subscripts(json_keys(${ident(jsonCol)}), 1) AS p FROM ${from} WHERE json_type(${ident(jsonCol)}) = 'OBJECT')
   GROUP BY k ORDER BY min(o * 100000 + p)`;
