/** The file manifest: what each file was when last loaded, so loads are incremental. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceFile } from '../sources/types.ts';
import type { FileScan } from './bronze/scan.ts';
import { literal } from './sql.ts';

export interface ManifestEntry {
  sha256: string;
  size: number;
  mtimeMs: number;
  loadId: string;
}

/** Latest successful load per (path, table). */
export async function loadManifest(conn: DuckDBConnection): Promise<Map<string, ManifestEntry>> {
  const r = await conn.runAndReadAll(
    `SELECT path, target_table, arg_max(sha256, loaded_at) AS sha256, arg_max(size_bytes, loaded_at) AS size,
            arg_max(mtime_ms, loaded_at) AS mtime, arg_max(load_id, loaded_at) AS load_id
     FROM ops.file_manifest WHERE status = 'SUCCESS' GROUP BY path, target_table`,
  );
  const out = new Map<string, ManifestEntry>();
  for (const row of r.getRowObjectsJS()) {
    out.set(`${row.path}\u0000${row.target_table}`, {
      sha256: String(row.sha256),
      size: Number(row.size),
      mtimeMs: Number(row.mtime),
      loadId: String(row.load_id),
    });
  }
  return out;
}

export const manifestKey = (f: SourceFile) => `${f.relPath}\u0000${f.table}`;

/**
 * Every (path, table) the manifest has a row for, whatever its status. A slice only ever commits
 * with its manifest row, and manifest rows are replaced, never deleted: a file not in here has no
 * slice in bronze (a failed load can replace a SUCCESS row, so the latest success is not enough).
 */
export async function seenFiles(conn: DuckDBConnection): Promise<Set<string>> {
  const r = await conn.runAndReadAll(`SELECT DISTINCT path, target_table FROM ops.file_manifest`);
  return new Set(r.getRowObjectsJS().map((row) => `${row.path}\u0000${row.target_table}`));
}

/** The latest plant-local day any file was loaded for: a file for an earlier day arriving now is late. */
export async function latestLoadedDate(conn: DuckDBConnection): Promise<string | null> {
  const r = await conn.runAndReadAll(
    `SELECT max(logical_date)::VARCHAR AS d FROM ops.file_manifest WHERE status = 'SUCCESS'`,
  );
  const d = r.getRowObjectsJS()[0]?.d;
  return d ? String(d) : null;
}

export async function recordManifest(
  conn: DuckDBConnection,
  f: SourceFile,
  scan: FileScan,
  sourceDir: string,
  loadId: string,
  status: 'SUCCESS' | 'FAILED',
  isLate: boolean,
  rowsLoaded: number,
  rowsQuarantined: number,
): Promise<void> {
  // A failed reload under the same load id was rolled back: the slice in bronze is still the last
  // good load's, so its SUCCESS row must stay for `<table>_current` to keep showing it (the audit
  // has the failure, and the changed file is retried because its hash differs from that row's).
  const verb = status === 'FAILED' ? 'INSERT INTO' : 'INSERT OR REPLACE INTO';
  const refreshed = [
    'size_bytes',
    'mtime_ms',
    'sha256',
    'status',
    'is_late',
    'rows_loaded',
    'rows_quarantined',
    'loaded_at',
  ];
  const keep =
    status === 'FAILED'
      ? ` ON CONFLICT DO UPDATE SET ${refreshed.map((c) => `${c} = excluded.${c}`).join(', ')} WHERE status <> 'SUCCESS'`
      : '';
  await conn.run(
    `${verb} ops.file_manifest VALUES (${[
      literal(f.relPath),
      literal(sourceDir),
      literal(f.source),
      literal(f.table),
      f.logicalDate ? `DATE ${literal(f.logicalDate)}` : 'NULL',
      scan.size,
      scan.mtimeMs,
      literal(scan.sha256),
      literal(loadId),
      literal(status),
      isLate,
      rowsLoaded,
      rowsQuarantined,
      'now()',
    ].join(', ')})${keep}`,
  );
}
