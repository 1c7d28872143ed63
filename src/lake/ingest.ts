/**
 * Ingest: land every file of a source directory in bronze, incrementally. New and changed files are
 * loaded (each into its own slice), unchanged ones skipped, files for days older than the newest
 * loaded day marked late. Reference data first, then days in order: each table's files are
 * dispatched in that order to lanes (lanes.ts) that load files side by side, each in its own
 * transaction, a JSON-lines file's keys found on its lane first (bronze/jsonl-direct.ts); the scans
 * (hash, lines) of the files ahead are done meanwhile (prefetch.ts). Outcomes are reported as loads
 * finish and listed in file order.
 */

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { discover } from '../sources/discover.ts';
import type { SourceFile } from '../sources/types.ts';
import { readsDirectly } from './bronze/jsonl.ts';
import { type Prepared, prepareDirect } from './bronze/jsonl-direct.ts';
import { type FileLoadResult, type LoadContext, loadFile } from './bronze/load-file.ts';
import { type FileScan, scanFile } from './bronze/scan.ts';
import { NeedsExclusive } from './bronze/types.ts';
import { Lanes } from './lanes.ts';
import { latestLoadedDate, loadManifest, manifestKey, seenFiles } from './manifest.ts';
import { Prefetcher } from './prefetch.ts';
import type { Warehouse } from './warehouse.ts';

/** How far ahead files are scanned while others load (bytes of files started beyond the next). */
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
  const ahead = new Prefetcher<FileScan | null>(
    files.length,
    async (i) => (plans[i]?.same ? null : await scanFile((files[i] as SourceFile).absPath)),
    (i) => (plans[i]?.same ? 0 : (plans[i]?.size ?? 0)),
    PREFETCH_BYTES,
  );
  const lanes = await Lanes.open(wh);
  const outcomes: FileOutcome[] = [];
  const done = (i: number, o: FileOutcome) => {
    outcomes[i] = o;
    opts.onFile?.(o, i, files.length);
  };
  const again: { i: number; scan: FileScan; direct?: Prepared }[] = [];
  try {
    // One dispatcher per table, each in file order: a table waiting for its turn holds up no other.
    const byTable = new Map<string, number[]>();
    for (const [i, f] of files.entries()) byTable.set(f.table, [...(byTable.get(f.table) ?? []), i]);
    let undecided = files.length;
    const dispatch = async (indexes: number[]) => {
      for (const i of indexes) {
        if (lanes.failure) return;
        const f = files[i] as SourceFile;
        const { prev } = plans[i] as (typeof plans)[number];
        const scan = await ahead.get(i);
        undecided--;
        if (scan === null || (prev !== undefined && prev.sha256 === scan.sha256)) {
          done(i, base(f, 'unchanged', false, prev?.loadId ?? null));
          continue;
        }
        const ctx = loadContext(i);
        // A JSON-lines file read the direct way only inserts its keys' columns: it may share its table.
        let direct: Prepared | undefined;
        const keysOf = async (conn: DuckDBConnection) => {
          direct = await prepareDirect(conn, f.absPath, scan);
          return 'keys' in direct && direct.keys.length > 0 ? direct.keys : null;
        };
        await lanes.run(
          f.table,
          f.format === 'jsonl' && readsDirectly(scan) ? keysOf : null,
          (conn, shared, alone) =>
            loadFile({ ...ctx, conn, shared, alone }, f, scan, direct).then(
              (r) => done(i, outcome(i, ctx, r)),
              (err: unknown) => {
                if (!(err instanceof NeedsExclusive)) throw err;
                again.push({ i, scan, direct });
              },
            ),
          { bytes: scan.size, last: undecided === 0 },
        );
      }
    };
    await Promise.all(
      [...byTable.values()].map((indexes) =>
        dispatch(indexes).catch((err: unknown) => {
          lanes.failure ??= err;
        }),
      ),
    );
    await lanes.drain();
    // Loads that had to change their table beside others: again, one at a time, in file order.
    for (const { i, scan, direct } of again.sort((a, b) => a.i - b.i)) {
      if (lanes.failure) break;
      const ctx = loadContext(i);
      done(i, outcome(i, ctx, await loadFile(ctx, files[i] as SourceFile, scan, direct)));
    }
  } finally {
    await lanes.drain();
    await ahead.settle();
    await lanes.close();
  }
  if (lanes.failure) throw lanes.failure;

  function loadContext(i: number): LoadContext {
    const f = files[i] as SourceFile;
    const late = f.logicalDate !== null && newestBefore !== null && f.logicalDate < newestBefore;
    const runId = opts.runId ?? f.logicalDate ?? 'reference';
    // Never in the manifest: no old slice to delete.
    const freshSlice = !seen.has(manifestKey(f));
    return {
      conn: wh.conn,
      sourceDir,
      loadId: `${pipeline}::${runId}`,
      pipeline,
      runId,
      isLate: late,
      freshSlice,
    };
  }
  function outcome(i: number, ctx: LoadContext, r: FileLoadResult): FileOutcome {
    const action = r.status === 'SUCCESS' ? (plans[i]?.prev ? 'changed' : 'new') : 'failed';
    return {
      ...base(files[i] as SourceFile, action, ctx.isLate, ctx.loadId),
      rowsRead: r.rowsRead,
      rowsLoaded: r.rowsLoaded,
      rowsQuarantined: r.rowsQuarantined,
      error: r.error,
    };
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
