/**
 * Ingest: land every file of a source directory in bronze, incrementally. New and changed files are
 * loaded (each into its own slice), unchanged ones skipped, files for days older than the newest
 * loaded day marked late. Reference data first, then days in order. Files are loaded one at a time;
 * the scans (hash, lines) of the files after the one loading, and for their JSON lines the keys,
 * staged rows and judged lines (bronze/jsonl-direct.ts, on a second connection), are done meanwhile
 * (prefetch.ts), so DuckDB's writing and the reading of what comes next overlap.
 */

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { discover } from '../sources/discover.ts';
import type { SourceFile } from '../sources/types.ts';
import { readsDirectly } from './bronze/jsonl.ts';
import { type Prepared, prepareDirect } from './bronze/jsonl-direct.ts';
import { loadFile } from './bronze/load-file.ts';
import { type FileScan, scanFile } from './bronze/scan.ts';
import { attachStage, detachStage } from './bronze/stage.ts';
import { latestLoadedDate, loadManifest, manifestKey, seenFiles } from './manifest.ts';
import { Prefetcher } from './prefetch.ts';
import type { Warehouse } from './warehouse.ts';

/**
 * How far ahead files are scanned and staged while one loads (bytes of files started beyond it):
 * staged rows are held in memory, so about one big file ahead.
 */
const PREFETCH_BYTES = 256 << 20;

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
  const seen = await seenFiles(wh.conn);
  const newestBefore = await latestLoadedDate(wh.conn);
  const outcomes: FileOutcome[] = [];

  // Unchanged by size and mtime: skipped without reading. Anything else is scanned ahead.
  const plans = files.map((f) => {
    const prev = manifest.get(manifestKey(f));
    const st = statSync(f.absPath);
    return {
      prev,
      size: st.size,
      same: prev !== undefined && prev.size === st.size && prev.mtimeMs === st.mtimeMs,
    };
  });
  const aux = await wh.connect();
  const stage = await attachStage(aux).catch((err: unknown) => {
    aux.closeSync();
    throw err;
  });
  const ahead = new Prefetcher<{ scan: FileScan | null; direct?: Prepared }>(
    files.length,
    async (i) => {
      const f = files[i] as SourceFile;
      const plan = plans[i] as (typeof plans)[number];
      if (plan.same) return { scan: null };
      const scan = await scanFile(f.absPath);
      if (f.format !== 'jsonl' || !readsDirectly(scan) || plan.prev?.sha256 === scan.sha256) return { scan };
      return { scan, direct: await prepareDirect(aux, stage, f.absPath, scan) };
    },
    (i) => (plans[i]?.same ? 0 : (plans[i]?.size ?? 0)),
    PREFETCH_BYTES,
  );
  try {
    for (const [i, f] of files.entries()) {
      const { prev } = plans[i] as (typeof plans)[number];
      const { scan, direct } = await ahead.get(i);
      const unchanged = scan === null || (prev !== undefined && prev.sha256 === scan.sha256);
      const late =
        !unchanged && f.logicalDate !== null && newestBefore !== null && f.logicalDate < newestBefore;
      const runId = opts.runId ?? f.logicalDate ?? 'reference';
      const loadId = `${pipeline}::${runId}`;
      let o: FileOutcome;
      if (unchanged || !scan) {
        o = base(f, 'unchanged', false, prev?.loadId ?? null);
      } else {
        // Never in the manifest: no old slice to delete.
        const freshSlice = !seen.has(manifestKey(f));
        const ctx = { conn: wh.conn, sourceDir, loadId, pipeline, runId, isLate: late, freshSlice };
        const r = await loadFile(ctx, f, scan, direct);
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
  } finally {
    await ahead.settle();
    await detachStage(aux, stage);
    aux.closeSync();
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
