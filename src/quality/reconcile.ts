/**
 * Reconciliation: every truth metric against gold, one row each in ops.reconciliation. Counts are
 * exact by default; decimals within a relative tolerance. A metric family gold cannot provide is
 * reported as not compared; one the truth lacks (another generator's files) as absent.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../lake/sql.ts';
import { type EntityType, isCount, type MetricRow } from './metrics.ts';
import { type Tolerance, within } from './tolerance.ts';

export type ReconStatus = 'MATCH' | 'MISMATCH' | 'MISSING_IN_GOLD';

export interface ReconRow {
  day: string;
  entityType: EntityType;
  entity: string;
  metric: string;
  expected: number | null;
  actual: number | null;
  absError: number | null;
  relError: number | null;
  status: ReconStatus;
}

const key = (r: { day: string; entityType: string; entity: string; metric: string }) =>
  `${r.day}|${r.entityType}|${r.entity}|${r.metric}`;

/** Metric families gold covers, as `entityType:metric-prefix` (e.g. `machine:time.`). */
export function family(r: { entityType: string; metric: string }): string {
  const head = r.metric.includes('.') ? `${r.metric.split('.')[0]}.` : r.metric;
  return `${r.entityType}:${head}`;
}

export function reconcile(
  expected: MetricRow[],
  actual: MetricRow[],
  tol: Tolerance,
): { rows: ReconRow[]; notCompared: string[] } {
  const got = new Map(actual.map((r) => [key(r), r.value]));
  const goldFamilies = new Set(actual.map(family));
  const notCompared = new Set<string>();
  const rows: ReconRow[] = [];
  for (const e of expected) {
    const fam = family(e);
    if (!goldFamilies.has(fam)) {
      notCompared.add(fam);
      continue;
    }
    const count = isCount(e.metric);
    const has = got.has(key(e));
    // Gold has no row for what did not happen: a missing count is a zero.
    const a = has ? (got.get(key(e)) ?? null) : count ? 0 : null;
    let status: ReconStatus;
    if (e.value === null && a === null) status = 'MATCH';
    else if (e.value === null || a === null) status = has || count ? 'MISMATCH' : 'MISSING_IN_GOLD';
    else status = within(e.value, a, count ? tol.counts : tol.decimals) ? 'MATCH' : 'MISMATCH';
    const absError = e.value !== null && a !== null ? Math.abs(a - e.value) : null;
    rows.push({
      day: e.day,
      entityType: e.entityType,
      entity: e.entity,
      metric: e.metric,
      expected: e.value,
      actual: a,
      absError,
      relError: absError !== null && e.value !== null ? absError / Math.max(Math.abs(e.value), 1e-12) : null,
      status,
    });
  }
  return { rows, notCompared: [...notCompared].sort() };
}

export async function writeReconciliation(
  conn: DuckDBConnection,
  verifyId: string,
  factory: string,
  rows: ReconRow[],
): Promise<void> {
  await conn.run(`DELETE FROM ops.reconciliation WHERE verify_id = ${literal(verifyId)}`);
  const num = (x: number | null) => (x === null || !Number.isFinite(x) ? 'NULL' : String(x));
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows
      .slice(i, i + 1000)
      .map(
        (r) =>
          `(${[literal(verifyId), literal(factory), `DATE ${literal(r.day)}`, literal(r.entityType), literal(r.entity), literal(r.metric), num(r.expected), num(r.actual), num(r.absError), num(r.relError), literal(r.status), 'now()'].join(', ')})`,
      )
      .join(', ');
    if (values) await conn.run(`INSERT INTO ops.reconciliation VALUES ${values}`);
  }
}
