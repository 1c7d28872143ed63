/**
 * Ingest: land every file of a source directory in bronze, incrementally. New and changed files are
 * loaded (each into its own slice), unchanged ones skipped, files for days older than the newest
 * loaded day marked late. Reference data first, then days in order.
 */

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { discover } from '../sources/discover.ts';
import type { SourceFile } from '../sources/types.ts';
import { loadFile } from './bronze/load-file.ts';
import { type FileScan, scanFile } from './bronze/scan.ts';
import { latestLoadedDate, loadManifest, manifestKey } from './manifest.ts';
import type { Warehouse } from './warehouse.ts';

export interface IngestOptions {
  sourceDir: string;
  date?: string;
  referenceDir?: string;
  /** Names the source system in file identities (default: the drop's factory id, else its folder name). */
  sourceId?: string;
  /** The pipeline recorded in load ids and audit rows (`ingest` from the CLI, `daily` from pipelines). */
  pipeline?: string;
  /** Defaults to the file's plant-local day (`reference` for reference data): deterministic per day. */
  runId?: string;
  onFile?: (o: FileOutcome, index: number, total: number) => void;
}

export interface FileOutcome {
  file: string;
  table: string;
  source: string;
  logicalDate: string | null;
  /** `new`, `changed` (loaded), `unchanged` (skipped), `failed`. */
  action: 'new' | 'changed' | 'unchanged' | 'failed';
  late: boolean;
  loadId: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  error: string | null;
}

export interface IngestSummary {
  sourceDir: string;
  sourceId: string;
  files: FileOutcome[];
  unknownFiles: string[];
  tables: Record<string, { files: number; rowsRead: number; rowsLoaded: number; rowsQuarantined: number }>;
  loaded: number;
  unchanged: number;
  failed: number;
  late: number;
  seconds: number;
}

export async function ingest(wh: Warehouse, opts: IngestOptions): Promise<IngestSummary> {
  const t0 = performance.now();
  const sourceDir = resolve(opts.sourceDir);
  const pipeline = opts.pipeline ?? 'ingest';
  const found = discover(sourceDir, {
    date: opts.date,
    referenceDir: opts.referenceDir,
    sourceId: opts.sourceId,
  });
  const files = [...found.files].sort(
    (a, b) => (a.logicalDate ?? '').localeCompare(b.logicalDate ?? '') || a.relPath.localeCompare(b.relPath),
  );
  const manifest = await loadManifest(wh.conn);
  const newestBefore = await latestLoadedDate(wh.conn);
  const outcomes: FileOutcome[] = [];

  for (const [i, f] of files.entries()) {
    const prev = manifest.get(manifestKey(f));
    const st = statSync(f.absPath);
    let scan: FileScan | null = null;
    let unchanged = prev !== undefined && prev.size === st.size && prev.mtimeMs === st.mtimeMs;
    if (!unchanged) {
      scan = await scanFile(f.absPath);
      unchanged = prev !== undefined && prev.sha256 === scan.sha256;
    }
    const late =
      !unchanged && f.logicalDate !== null && newestBefore !== null && f.logicalDate < newestBefore;
    const runId = opts.runId ?? f.logicalDate ?? 'reference';
    const loadId = `${pipeline}::${runId}`;
    let o: FileOutcome;
    if (unchanged || !scan) {
      o = base(f, 'unchanged', false, prev?.loadId ?? null);
    } else {
      const r = await loadFile({ conn: wh.conn, sourceDir, loadId, pipeline, runId, isLate: late }, f, scan);
      o = {
        ...base(f, r.status === 'SUCCESS' ? (prev ? 'changed' : 'new') : 'failed', late, loadId),
        rowsRead: r.rowsRead,
        rowsLoaded: r.rowsLoaded,
        rowsQuarantined: r.rowsQuarantined,
        error: r.error,
      };
    }
    outcomes.push(o);
    opts.onFile?.(o, i, files.length);
  }

  const tables: IngestSummary['tables'] = {};
  for (const o of outcomes) {
    const t = (tables[o.table] ??= { files: 0, rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0 });
    t.files++;
    t.rowsRead += o.rowsRead;
    t.rowsLoaded += o.rowsLoaded;
    t.rowsQuarantined += o.rowsQuarantined;
  }
  return {
    sourceDir,
    sourceId: found.sourceId,
    files: outcomes,
    unknownFiles: found.unknown,
    tables,
    loaded: outcomes.filter((o) => o.action === 'new' || o.action === 'changed').length,
    unchanged: outcomes.filter((o) => o.action === 'unchanged').length,
    failed: outcomes.filter((o) => o.action === 'failed').length,
    late: outcomes.filter((o) => o.late).length,
    seconds: (performance.now() - t0) / 1000,
  };
}

function base(
  f: SourceFile,
  action: FileOutcome['action'],
  late: boolean,
  loadId: string | null,
): FileOutcome {
  return {
    file: f.relPath,
    table: f.table,
    source: f.source,
    logicalDate: f.logicalDate,
    action,
    late,
    loadId,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsQuarantined: 0,
    error: null,
  };
}
