/**
 * `verify`: every metric of the truth files against gold, written to ops.reconciliation. The gold side
 * is SQL in sql/actual_*.sql, each file producing (day, entity_type, entity, metric, value) rows for a
 * factory; a family of metrics gold cannot provide yet is reported as not compared, never hidden.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../lake/sql.ts';
import { sourceIdOf } from '../sources/discover.ts';
import { type ChaosScore, readLedger, scoreChaos } from './chaos-score.ts';
import { type MetricRow, truthMetrics } from './metrics.ts';
import { type ReconRow, reconcile, writeReconciliation } from './reconcile.ts';
import { DEFAULT_TOLERANCE, type Tolerance } from './tolerance.ts';
import { readTruth } from './truth-files.ts';

async function writeChaosScores(
  conn: DuckDBConnection,
  verifyId: string,
  factory: string,
  scores: ChaosScore[],
): Promise<void> {
  await conn.run(`DELETE FROM ops.chaos_scores WHERE verify_id = ${literal(verifyId)}`);
  const n = (x: number | null) => (x === null ? 'NULL' : String(x));
  const values = scores
    .map(
      (c) =>
        `(${[literal(verifyId), literal(factory), literal(c.type), c.recoverable, c.scored, c.injected, c.detected, c.matched, n(c.precision), n(c.recall), 'now()'].join(', ')})`,
    )
    .join(', ');
  if (values) await conn.run(`INSERT INTO ops.chaos_scores VALUES ${values}`);
}

const SQL_DIR = join(dirname(fileURLToPath(import.meta.url)), 'sql');

export interface VerifyOptions {
  sourceDir: string;
  truthDir?: string;
  factoryId?: string;
  tolerance?: Tolerance;
  verifyId?: string;
  /** Only these days of the truth (a pipeline verifies the day it ran). */
  days?: string[];
}

export interface VerifyReport {
  verifyId: string;
  factoryId: string;
  tolerance: string;
  days: number;
  compared: number;
  matched: number;
  mismatched: ReconRow[];
  /** Metric families the truth has but gold does not provide (entity:metric-prefix). */
  notCompared: string[];
  /** Truth families ironworks knows that these truth files lack (another generator's files). */
  truthLacks: string[];
  /** Findings against the chaos ledger per type, when the drop has a ledger. */
  chaos: ChaosScore[] | null;
  ok: boolean;
}

const OPTIONAL_TRUTH_KEYS = [
  'by_machine_shift',
  'material_flow',
  'buffers',
  'qc',
  'counts',
  'plant',
  'factory_id',
  'timezone',
];

async function actualMetrics(conn: DuckDBConnection, factory: string): Promise<MetricRow[]> {
  await conn.run(`SET VARIABLE verify_factory = ${literal(factory)}`);
  const out: MetricRow[] = [];
  for (const f of readdirSync(SQL_DIR)
    .filter((x) => x.startsWith('actual_') && x.endsWith('.sql'))
    .sort()) {
    let rows: Record<string, unknown>[];
    try {
      rows = (await conn.runAndReadAll(readFileSync(join(SQL_DIR, f), 'utf8'))).getRowObjectsJS();
    } catch (err) {
      // A mart not built yet means its family is not compared (said in the report), not a crash.
      if (/does not exist|not found/i.test((err as Error).message)) continue;
      throw new Error(`${f}: ${(err as Error).message.split('\n')[0]}`);
    }
    for (const r of rows) {
      out.push({
        day: String(r.day),
        entityType: String(r.entity_type) as MetricRow['entityType'],
        entity: String(r.entity),
        metric: String(r.metric),
        value: r.value === null || r.value === undefined ? null : Number(r.value),
      });
    }
  }
  return out;
}

export async function verify(conn: DuckDBConnection, o: VerifyOptions): Promise<VerifyReport> {
  const all = readTruth(o.sourceDir, o.truthDir);
  const truth = o.days ? { ...all, days: all.days.filter((d) => o.days?.includes(d.date)) } : all;
  if (truth.days.length === 0) throw new Error(`no truth for ${o.days?.join(', ')} in ${all.dir}`);
  const factoryId = o.factoryId ?? truth.days.find((d) => d.factory_id)?.factory_id;
  if (!factoryId) throw new Error('the truth files name no factory: give --factory');
  const tol = o.tolerance ?? DEFAULT_TOLERANCE;
  const expected = truth.days.flatMap(truthMetrics);
  const days = new Set(truth.days.map((d) => d.date));
  const actual = (await actualMetrics(conn, factoryId)).filter((r) => days.has(r.day));
  const { rows, notCompared } = reconcile(expected, actual, tol);
  const verifyId = o.verifyId ?? `verify::${factoryId}::${new Date().toISOString()}`;
  await writeReconciliation(conn, verifyId, factoryId, rows);
  const mismatched = rows.filter((r) => r.status !== 'MATCH');
  // The chaos of the verified days' drops (a day's late records arrive in later drops, scored there).
  const ledger = readLedger(o.sourceDir, o.days);
  const chaos =
    ledger.length > 0 ? await scoreChaos(conn, sourceIdOf(resolve(o.sourceDir)), ledger, o.days) : null;
  if (chaos) await writeChaosScores(conn, verifyId, factoryId, chaos);
  return {
    verifyId,
    factoryId,
    tolerance: tol.label,
    days: truth.days.length,
    compared: rows.length,
    matched: rows.length - mismatched.length,
    mismatched,
    notCompared,
    truthLacks: OPTIONAL_TRUTH_KEYS.filter((k) => !truth.keys.has(k)),
    chaos,
    ok: mismatched.length === 0,
  };
}
