/** ops.raw_load_audit: one row per file and target per attempt, balancing read = loaded + quarantined. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from './sql.ts';

export interface AuditRow {
  loadId: string;
  pipeline: string;
  runId: string;
  taskId: string;
  logicalDate: string | null;
  sourceName: string;
  sourceFile: string;
  targetTable: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  status: 'SUCCESS' | 'FAILED';
  errorMessage: string | null;
  isLate: boolean;
  sha256: string | null;
  startedAt: Date;
  finishedAt: Date;
}

const ts = (d: Date) => `TIMESTAMPTZ ${literal(d.toISOString())}`;

/** A SUCCESS row commits with its load; a FAILED one is written after the rollback it reports, so it outlives it. */
export async function writeAudit(conn: DuckDBConnection, a: AuditRow): Promise<void> {
  await conn.run(
    `INSERT INTO ops.raw_load_audit VALUES (${[
      literal(a.loadId),
      ts(a.finishedAt),
      literal(a.pipeline),
      literal(a.runId),
      literal(a.taskId),
      a.logicalDate ? `DATE ${literal(a.logicalDate)}` : 'NULL',
      literal(a.sourceName),
      literal(a.sourceFile),
      literal(a.targetTable),
      a.rowsRead,
      a.rowsLoaded,
      a.rowsQuarantined,
      literal(a.status),
      a.errorMessage === null ? 'NULL' : literal(a.errorMessage),
      a.isLate,
      a.sha256 === null ? 'NULL' : literal(a.sha256),
      ts(a.startedAt),
      ts(a.finishedAt),
    ].join(', ')})`,
  );
}
