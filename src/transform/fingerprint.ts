/**
 * A relation's content in a few bytes per partition: row count and an order-independent hash of the
 * rows, per plant-local day when the model is partitioned. Compared before and after a rebuild, it
 * says which days a table model really changed, so what reads it rebuilds only those (a dimension
 * that came out the same changes nothing downstream).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident } from '../lake/sql.ts';

/** Day (or `*` for the whole relation, `∅` for rows without a day) → `count:hash`. */
export type Fingerprint = Record<string, string>;

export async function fingerprint(
  conn: DuckDBConnection,
  relation: string,
  partitionBy: string | null,
): Promise<Fingerprint> {
  const key = partitionBy ? `coalesce(${ident(partitionBy)}::VARCHAR, '∅')` : `'*'`;
  const r = await conn.runAndReadAll(
    `SELECT ${key} AS k, count(*)::VARCHAR || ':' || coalesce(sum(hash(t))::HUGEINT, 0)::VARCHAR AS v
     FROM ${relation} t GROUP BY 1`,
  );
  const out: Fingerprint = {};
  for (const row of r.getRowObjectsJS()) out[String(row.k)] = String(row.v);
  return out;
}

/**
 * The first partition whose content differs: `undefined` when none does, `null` when the change
 * cannot be placed on a day (an unpartitioned relation, rows without a day, no earlier print).
 */
export function firstDifference(before: Fingerprint | null, after: Fingerprint): string | null | undefined {
  if (before === null) return null;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  let first: string | undefined;
  for (const k of keys) {
    if (before[k] === after[k]) continue;
    if (k === '*' || k === '∅') return null;
    if (first === undefined || k < first) first = k;
  }
  return first;
}
