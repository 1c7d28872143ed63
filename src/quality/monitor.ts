/**
 * Monitoring checks (seed 004's three and more), each a SQL file in monitor/ returning rows of
 * (check_name, status PASS|FAIL, severity WARN|ERROR, details JSON) for one plant-local day. Results
 * go to ops.data_quality_audit with a score per run: the share of checks that passed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isBronzeMeta } from '../lake/bronze/table.ts';
import { ident, literal } from '../lake/sql.ts';

const CHECK_DIR = join(dirname(fileURLToPath(import.meta.url)), 'monitor');

export interface CheckResult {
  check: string;
  status: 'PASS' | 'FAIL' | 'ERROR';
  severity: 'WARN' | 'ERROR';
  details: Record<string, unknown>;
}

export interface MonitorResult {
  day: string;
  runId: string;
  checks: CheckResult[];
  score: number;
  failedErrors: number;
}

/** Null share per bronze column among the rows that landed for the day. */
async function recordNullRates(conn: DuckDBConnection, day: string): Promise<void> {
  const cols = (
    await conn.runAndReadAll(
      `SELECT table_name AS t, list(column_name ORDER BY ordinal_position) AS cols FROM information_schema.columns
       WHERE table_schema = 'bronze_store' GROUP BY 1`,
    )
  ).getRowObjectsJS();
  await conn.run(`DELETE FROM ops.null_rates WHERE day = DATE ${literal(day)}`);
  for (const row of cols) {
    const table = String(row.t);
    const names = (row.cols as string[]).filter((c) => !isBronzeMeta(c));
    if (names.length === 0) continue;
    const exprs = names
      .map(
        (c) => `count(*) FILTER (WHERE ${ident(c)} IS NULL)::DOUBLE / greatest(count(*), 1) AS ${ident(c)}`,
      )
      .join(', ');
    await conn.run(
      `INSERT INTO ops.null_rates
       SELECT DATE ${literal(day)}, ${literal(table)}, name, n, rate FROM (
         UNPIVOT (SELECT count(*) AS n, ${exprs} FROM bronze.${ident(`${table}_current`)} WHERE _logical_date = DATE ${literal(day)})
         ON ${names.map(ident).join(', ')} INTO NAME name VALUE rate)
       WHERE n > 0`,
    );
  }
}

export async function monitor(conn: DuckDBConnection, day: string, runId: string): Promise<MonitorResult> {
  await conn.run(`SET VARIABLE monitor_day = ${literal(day)}`);
  await recordNullRates(conn, day);
  const checks: CheckResult[] = [];
  const relations = new Set(
    (await conn.runAndReadAll(`SELECT table_schema || '.' || table_name AS r FROM information_schema.tables`))
      .getRowObjectsJS()
      .map((r) => String(r.r)),
  );
  for (const f of readdirSync(CHECK_DIR)
    .filter((x) => x.endsWith('.sql'))
    .sort()) {
    const name = f.replace(/\.sql$/, '');
    const sql = readFileSync(join(CHECK_DIR, f), 'utf8');
    // A check over models runs once they are built (`-- requires: schema.table, …` in its header).
    const requires =
      /^--\s*requires:\s*(.+)$/m
        .exec(sql)?.[1]
        ?.split(',')
        .map((x) => x.trim()) ?? [];
    if (requires.some((r) => !relations.has(r))) continue;
    try {
      const rows = (await conn.runAndReadAll(sql)).getRowObjectsJson();
      for (const r of rows) {
        checks.push({
          check: String(r.check_name),
          status: r.status === 'FAIL' ? 'FAIL' : 'PASS',
          severity: r.severity === 'ERROR' ? 'ERROR' : 'WARN',
          details:
            typeof r.details === 'string'
              ? (JSON.parse(r.details) as Record<string, unknown>)
              : ((r.details ?? {}) as Record<string, unknown>),
        });
      }
    } catch (err) {
      checks.push({
        check: name,
        status: 'ERROR',
        severity: 'ERROR',
        details: { error: (err as Error).message.split('\n')[0] },
      });
    }
  }
  // Remember today's schemas for tomorrow's schema_change check.
  await conn.run(
    `INSERT INTO ops.schema_history SELECT now(), table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'bronze' AND table_name NOT LIKE '%\\_current' ESCAPE '\\' AND table_name <> 'quarantine'`,
  );
  const passed = checks.filter((c) => c.status === 'PASS').length;
  const score = checks.length ? passed / checks.length : 1;
  const rows = [
    ...checks.map((c) => ({ name: c.check, severity: c.severity, status: c.status, details: c.details })),
    {
      name: 'monitor_score',
      severity: 'WARN',
      status: 'PASS',
      details: { day, score, passed, checks: checks.length },
    },
  ];
  for (const r of rows) {
    await conn.run(
      `INSERT INTO ops.data_quality_audit VALUES (${literal(r.name)}, now(), ${literal(r.severity)}, ${literal(r.status)}, ${literal(JSON.stringify(r.details))}::JSON, NULL, 'monitor', NULL, ${literal(runId)})`,
    );
  }
  return {
    day,
    runId,
    checks,
    score,
    failedErrors: checks.filter((c) => c.status !== 'PASS' && c.severity === 'ERROR').length,
  };
}
