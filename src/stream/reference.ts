/**
 * Reference documents from the stream (one message per file, newest kept per subject): each is
 * loaded exactly as the file loader loads the same file, into its own slice under the stream's load
 * id. Re-loading a document replaces its slice, so a redelivery changes nothing; the position is
 * committed right after.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadFile } from '../lake/bronze/load-file.ts';
import { scanFile } from '../lake/bronze/scan.ts';
import { referenceTable } from '../sources/stream/index.ts';
import { type BatchTarget, type StreamRecord, streamLoadId } from './bronze-writer.ts';
import { saveOffset } from './offsets.ts';

export async function loadReferenceDocs(
  conn: DuckDBConnection,
  t: BatchTarget,
  recs: readonly StreamRecord[],
): Promise<{ loaded: number; quarantined: number; failed: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ironworks-ref-'));
  let loaded = 0;
  let quarantined = 0;
  let failed = 0;
  try {
    for (const r of recs) {
      const relPath = r.source ?? `_/reference/${r.subject.split('.').pop()}.csv`;
      const name = basename(relPath);
      const table = referenceTable(name);
      if (!table) {
        failed++;
        continue;
      }
      const abs = join(dir, name);
      writeFileSync(abs, r.payload);
      const scan = await scanFile(abs);
      const res = await loadFile(
        {
          conn,
          sourceDir: `nats:${t.stream}`,
          loadId: streamLoadId(t.stream),
          pipeline: 'stream',
          runId: t.consumer,
          isLate: false,
        },
        { source: 'reference', absPath: abs, relPath, table, format: 'csv', logicalDate: null },
        scan,
      );
      if (res.status === 'SUCCESS') {
        loaded += res.rowsLoaded;
        quarantined += res.rowsQuarantined;
      } else failed++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const last = recs[recs.length - 1] as StreamRecord;
  await saveOffset(conn, t, last.seq, last.publishedMs, recs.length, 0);
  return { loaded, quarantined, failed };
}
