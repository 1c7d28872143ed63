/**
 * Loads one file into its bronze slice in one transaction: the slice (this load id × this file) is
 * replaced whole, so re-running a load changes nothing and a failure leaves no partial slice. A
 * successful load's audit row commits with it; a failed one's is written after the rollback, so it
 * outlives what it reports.
 */

import type { DuckDBConnection } from '@duckdb/node-api';
import { checkFault } from '../../faults.ts';
import type { SourceFile } from '../../sources/types.ts';
import { type AuditRow, writeAudit } from '../audit.ts';
import { recordManifest } from '../manifest.ts';
import { literal } from '../sql.ts';
import { loadCsv } from './csv.ts';
import { loadJsonArray } from './json-array.ts';
import { loadJsonl, readsDirectly } from './jsonl.ts';
import { type Prepared, prepareDirect } from './jsonl-direct.ts';
import { writeQuarantine } from './quarantine.ts';
import type { FileScan } from './scan.ts';
import { deleteSlices, openSlice } from './slice.ts';
import { tableColumns } from './table.ts';
import {
  type FormatResult,
  type LoadTarget,
  NeedsCarefulPath,
  NeedsExclusive,
  QuarantineWholeFile,
} from './types.ts';

export interface LoadContext {
  conn: DuckDBConnection;
  sourceDir: string;
  loadId: string;
  pipeline: string;
  runId: string;
  isLate: boolean;
  /**
   * The caller knows no slice of this file can exist yet (the manifest has never seen it loaded):
   * the delete of the old slice is skipped.
   */
  freshSlice?: boolean;
  /**
   * Other loads of the same table may run beside this one (ingest's lanes): a load that would have
   * to change the table rolls back and throws NeedsExclusive, for the caller to load it again alone.
   */
  shared?: boolean;
  /** No other load runs beside this one, and DuckDB has its threads: the load may use them. */
  alone?: boolean;
}

export interface FileLoadResult {
  status: 'SUCCESS' | 'FAILED';
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  error: string | null;
}

/** DuckDB errors that mean "this file's content cannot be read", as opposed to a broken system. */
const DATA_ERROR = /^(Invalid Input Error|Conversion Error|Parser Error|Binder Error)/;

export async function loadFile(
  ctx: LoadContext,
  file: SourceFile,
  scan: FileScan,
  /**
   * A directly readable JSON-lines file's keys, when found before (ingest does, on the load's lane,
   * to know whether the table can be shared); else found here, before the transaction.
   */
  direct?: Prepared,
): Promise<FileLoadResult> {
  const startedAt = new Date();
  if (direct === undefined && file.format === 'jsonl' && readsDirectly(scan))
    direct = await prepareDirect(ctx.conn, file.absPath, scan);
  const t = { conn: ctx.conn, file, scan, loadId: ctx.loadId, direct, shared: ctx.shared, alone: ctx.alone };
  return await load(ctx, t, startedAt);
}

/** The target before its slice is opened (in the load's transaction). */
type Unsliced = Omit<LoadTarget, 'slice'>;

async function load(ctx: LoadContext, t: Unsliced, startedAt: Date): Promise<FileLoadResult> {
  const { file, scan } = t;
  let result: FileLoadResult;
  try {
    // Fast path first; the careful path when the fast one cannot vouch for every record; the whole
    // file to quarantine when DuckDB cannot read its content at all. System errors fail the load.
    let r: FormatResult | null = null;
    let mode: 'normal' | 'careful' | 'whole-file' = 'normal';
    let whole: QuarantineWholeFile | null = null;
    while (!r) {
      try {
        r = await attempt(ctx, t, mode, whole, startedAt);
      } catch (err) {
        await rollback(ctx.conn);
        if (err instanceof NeedsCarefulPath && mode === 'normal') mode = 'careful';
        else if (err instanceof QuarantineWholeFile && mode !== 'whole-file') {
          mode = 'whole-file';
          whole = err;
        } else if (err instanceof Error && DATA_ERROR.test(err.message) && mode !== 'whole-file') {
          mode = 'whole-file';
          whole = new QuarantineWholeFile(
            'UNREADABLE_FILE',
            `the file cannot be read as ${file.format}, so it is kept whole: ${err.message.split('\n')[0]}`,
          );
        } else throw err;
      }
    }
    result = {
      status: 'SUCCESS',
      rowsRead: r.rowsRead,
      rowsLoaded: r.rowsLoaded,
      rowsQuarantined: r.quarantined.length,
      error: null,
    };
  } catch (err) {
    await rollback(ctx.conn);
    if (err instanceof NeedsExclusive) throw err;
    // A conflict with a load beside this one: this one again, alone, rather than a failure.
    if (ctx.shared && err instanceof Error && /^TransactionContext Error/.test(err.message))
      throw new NeedsExclusive(err.message.split('\n')[0]);
    // A NUL (from a file's bytes in DuckDB's message) would break the audit row's SQL literal.
    const message = (
      err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err)
    ).replaceAll('\0', '\uFFFD');
    result = { status: 'FAILED', rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, error: message };
    await ctx.conn.run('BEGIN TRANSACTION');
    try {
      await recordManifest(ctx.conn, file, scan, ctx.sourceDir, ctx.loadId, 'FAILED', ctx.isLate, 0, 0);
      await writeAudit(ctx.conn, auditRow(ctx, file, scan, result, startedAt));
      await ctx.conn.run('COMMIT');
    } catch (e) {
      await rollback(ctx.conn);
      throw e;
    }
  }
  return result;
}

function auditRow(
  ctx: LoadContext,
  file: SourceFile,
  scan: FileScan,
  r: FileLoadResult,
  startedAt: Date,
): AuditRow {
  return {
    loadId: ctx.loadId,
    pipeline: ctx.pipeline,
    runId: ctx.runId,
    taskId: `load_${file.table}`,
    logicalDate: file.logicalDate,
    sourceName: file.source,
    sourceFile: file.relPath,
    targetTable: file.table,
    rowsRead: r.rowsRead,
    rowsLoaded: r.rowsLoaded,
    rowsQuarantined: r.rowsQuarantined,
    status: r.status,
    errorMessage: r.error,
    isLate: ctx.isLate,
    sha256: scan.sha256,
    startedAt,
    finishedAt: new Date(),
  };
}

async function attempt(
  ctx: LoadContext,
  unsliced: Unsliced,
  mode: 'normal' | 'careful' | 'whole-file',
  whole: QuarantineWholeFile | null,
  startedAt: Date,
): Promise<FormatResult> {
  const conn = ctx.conn;
  await conn.run('BEGIN TRANSACTION');
  if (!ctx.freshSlice) await deleteSlice(unsliced);
  const t: LoadTarget = {
    ...unsliced,
    slice: await openSlice(conn, {
      table: unsliced.file.table,
      loadId: unsliced.loadId,
      sourceFile: unsliced.file.relPath,
      sha256: unsliced.scan.sha256,
      logicalDate: unsliced.file.logicalDate,
    }),
  };
  let r: FormatResult;
  if (mode === 'whole-file') {
    const { readFileSync } = await import('node:fs');
    r = {
      rowsRead: 1,
      rowsLoaded: 0,
      quarantined: [
        {
          ordinal: null,
          line: null,
          raw: readFileSync(t.file.absPath),
          errorType: whole?.errorType ?? 'UNREADABLE_FILE',
          reason: whole?.message ?? `the file cannot be read as ${t.file.format}, so it is kept whole`,
        },
      ],
    };
  } else if (t.file.format === 'csv') r = await loadCsv(t, mode === 'careful');
  else if (t.file.format === 'json-array') r = await loadJsonArray(t);
  else r = await loadJsonl(t, mode === 'careful');
  await writeQuarantine(t, r.quarantined);
  checkFault('bronze.after_insert', t.file.relPath);
  if (r.rowsRead !== r.rowsLoaded + r.quarantined.length) {
    throw new Error(
      `audit does not balance for ${t.file.relPath}: read ${r.rowsRead}, loaded ${r.rowsLoaded}, quarantined ${r.quarantined.length}`,
    );
  }
  await recordManifest(
    conn,
    t.file,
    t.scan,
    ctx.sourceDir,
    ctx.loadId,
    'SUCCESS',
    ctx.isLate,
    r.rowsLoaded,
    r.quarantined.length,
  );
  const ok: FileLoadResult = {
    status: 'SUCCESS',
    rowsRead: r.rowsRead,
    rowsLoaded: r.rowsLoaded,
    rowsQuarantined: r.quarantined.length,
    error: null,
  };
  await writeAudit(conn, auditRow(ctx, t.file, t.scan, ok, startedAt));
  await conn.run('COMMIT');
  return r;
}

async function deleteSlice(t: Unsliced): Promise<void> {
  const exists = (await tableColumns(t.conn, t.file.table)).length > 0;
  await deleteSlices(t.conn, t.file.table, t.loadId, t.file.relPath, exists);
  await t.conn.run(
    `DELETE FROM bronze.quarantine WHERE _load_id = ${literal(t.loadId)} AND _source_file = ${literal(t.file.relPath)} AND target_table = ${literal(t.file.table)}`,
  );
}

async function rollback(conn: DuckDBConnection): Promise<void> {
  try {
    await conn.run('ROLLBACK');
  } catch {
    // Nothing open.
  }
}
