/**
 * Data tests declared beside the models (dbt's and a few more): each compiles to a query that returns
 * the failing rows. Results go to ops.data_quality_audit with a sample of what failed; an error-severity
 * failure blocks the models that depend on the tested one.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal } from '../lake/sql.ts';
import type { Model, TestSpec } from './project.ts';

export const TEST_TYPES = [
  'unique',
  'not_null',
  'accepted_values',
  'relationships',
  'range',
  'expression',
  'row_count',
  'freshness',
] as const;
export type TestType = (typeof TEST_TYPES)[number];

export interface CompiledTest {
  name: string;
  model: string;
  type: TestType;
  column: string | null;
  severity: 'WARN' | 'ERROR';
  /** Returns the failing rows (or one row describing the failure, for aggregate tests). */
  sql: string;
}

export interface TestResult extends CompiledTest {
  status: 'PASS' | 'FAIL' | 'ERROR';
  failing: number;
  sample: Record<string, unknown>[];
  error: string | null;
}

export class TestSpecError extends Error {}

function parseSpec(spec: TestSpec): { type: string; args: Record<string, unknown> } {
  if (typeof spec === 'string') return { type: spec, args: {} };
  const [type, args] = Object.entries(spec)[0] ?? [];
  if (!type) throw new TestSpecError('empty test');
  return { type, args: (args && typeof args === 'object' ? args : {}) as Record<string, unknown> };
}

const sqlValue = (v: unknown) =>
  typeof v === 'number' || typeof v === 'boolean' ? String(v) : literal(String(v));

export function compileTest(model: Model, column: string | null, spec: TestSpec): CompiledTest {
  const { type, args } = parseSpec(spec);
  if (!(TEST_TYPES as readonly string[]).includes(type)) {
    throw new TestSpecError(`${model.name}: unknown test "${type}" (known: ${TEST_TYPES.join(', ')})`);
  }
  const rel = model.relation;
  const col = column ? ident(column) : null;
  const need = (what: string) => {
    if (!col) throw new TestSpecError(`${model.name}: test ${type} needs a column (${what})`);
    return col;
  };
  const where = args.where ? ` AND (${String(args.where)})` : '';
  let sql: string;
  switch (type as TestType) {
    case 'unique': {
      const cols = Array.isArray(args.columns)
        ? (args.columns as string[]).map(ident).join(', ')
        : need('unique');
      sql = `SELECT ${cols}, count(*) AS n FROM ${rel} WHERE ${cols
        .split(', ')
        .map((c) => `${c} IS NOT NULL`)
        .join(' AND ')}${where} GROUP BY ${cols} HAVING count(*) > 1`;
      break;
    }
    case 'not_null':
      sql = `SELECT * FROM ${rel} WHERE ${need('not_null')} IS NULL${where}`;
      break;
    case 'accepted_values': {
      const values = (args.values as unknown[] | undefined) ?? [];
      if (values.length === 0)
        throw new TestSpecError(`${model.name}.${column}: accepted_values needs values`);
      sql = `SELECT * FROM ${rel} WHERE ${need('accepted_values')} IS NOT NULL AND ${col} NOT IN (${values.map(sqlValue).join(', ')})${where}`;
      break;
    }
    case 'relationships': {
      const to = String(args.to ?? '');
      const field = ident(String(args.field ?? column));
      if (!to) throw new TestSpecError(`${model.name}.${column}: relationships needs "to"`);
      sql = `SELECT c.* FROM ${rel} c WHERE c.${need('relationships')} IS NOT NULL${where.replace(' AND (', ' AND (')} AND NOT EXISTS (SELECT 1 FROM ${to} p WHERE p.${field} = c.${col})`;
      break;
    }
    case 'range': {
      const c = need('range');
      const parts: string[] = [];
      if (args.min !== undefined) parts.push(`${c} < ${sqlValue(args.min)}`);
      if (args.max !== undefined) parts.push(`${c} > ${sqlValue(args.max)}`);
      if (parts.length === 0) throw new TestSpecError(`${model.name}.${column}: range needs min or max`);
      sql = `SELECT * FROM ${rel} WHERE (${parts.join(' OR ')})${where}`;
      break;
    }
    case 'expression': {
      const expr = String(args.sql ?? args.expression ?? '');
      if (!expr) throw new TestSpecError(`${model.name}: expression needs sql`);
      sql = `SELECT * FROM ${rel} WHERE NOT coalesce((${expr}), false)${where}`;
      break;
    }
    case 'row_count': {
      const conds: string[] = [];
      if (args.min !== undefined) conds.push(`n < ${Number(args.min)}`);
      if (args.max !== undefined) conds.push(`n > ${Number(args.max)}`);
      if (conds.length === 0) throw new TestSpecError(`${model.name}: row_count needs min or max`);
      sql = `SELECT n FROM (SELECT count(*) AS n FROM ${rel} WHERE true${where}) WHERE ${conds.join(' OR ')}`;
      break;
    }
    case 'freshness': {
      const c = ident(String(args.column ?? column ?? ''));
      const maxAge = Number(args.max_age_days ?? 2);
      // "Fresh" is measured against the newest day of data landed, not the wall clock: a replayed or
      // simulated history is judged the same way as a live one.
      const reference =
        args.reference === 'now'
          ? 'current_date'
          : `(SELECT max(logical_date) FROM ops.file_manifest WHERE status = 'SUCCESS')`;
      sql = `SELECT newest, reference, reference - newest AS age_days FROM (SELECT max(${c})::DATE AS newest, ${reference}::DATE AS reference FROM ${rel})
             WHERE newest IS NULL OR reference - newest > ${maxAge}`;
      break;
    }
  }
  const severity = String(args.severity ?? 'error').toUpperCase() === 'WARN' ? 'WARN' : 'ERROR';
  const name = String(args.name ?? `${type}_${model.name}${column ? `__${column}` : ''}`);
  return { name, model: model.name, type: type as TestType, column, severity, sql };
}

export async function runTest(conn: DuckDBConnection, t: CompiledTest): Promise<TestResult> {
  try {
    const count = await conn.runAndReadAll(`SELECT count(*) AS n FROM (${t.sql})`);
    const failing = Number(count.getRowObjectsJS()[0]?.n ?? 0);
    let sample: Record<string, unknown>[] = [];
    if (failing > 0) {
      const r = await conn.runAndReadAll(`SELECT * FROM (${t.sql}) LIMIT 5`);
      sample = r.getRowObjectsJson() as Record<string, unknown>[];
    }
    return { ...t, status: failing > 0 ? 'FAIL' : 'PASS', failing, sample, error: null };
  } catch (err) {
    return {
      ...t,
      status: 'ERROR',
      failing: 0,
      sample: [],
      error: (err as Error).message.split('\n')[0] ?? '',
    };
  }
}

export async function recordTest(conn: DuckDBConnection, r: TestResult, invocationId: string): Promise<void> {
  const details = JSON.stringify({ sql: r.sql, failing_rows: r.failing, sample: r.sample, error: r.error });
  await conn.run(
    `INSERT INTO ops.data_quality_audit VALUES (${[
      literal(r.name),
      'now()',
      literal(r.severity),
      literal(r.status),
      `${literal(details)}::JSON`,
      literal(r.model),
      literal(r.type),
      r.failing,
      literal(invocationId),
    ].join(', ')})`,
  );
}
