/**
 * The pipeline bench's child process (`node bin/run-ts.js bench/pipeline/child.ts full DROP DB LAKE`
 * or `… incremental DROP DB`), so that its maxRSS is the pipeline's own: Node plus embedded DuckDB.
 * It prints one JSON line per stage on stdout (protocol.ts); progress goes to stderr.
 *
 * full: a fresh warehouse, the daily pipeline's stages once over all days, each timed.
 * incremental: days 1…N−1 ingested one by one and built (set-up); then day N ingested and built
 * incrementally (timed), and the same N days rebuilt in full (timed); gold compared after each.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DATE_RE, RAW_DIR } from '../../src/contracts/layout.ts';
import { ingest } from '../../src/lake/ingest.ts';
import { publishGold } from '../../src/lake/publish.ts';
import { Warehouse } from '../../src/lake/warehouse.ts';
import { verify } from '../../src/quality/verify.ts';
import { loadProject } from '../../src/transform/project.ts';
import { type BuildSummary, build } from '../../src/transform/runner.ts';
import { fixed, int } from '../bench.ts';
import { goldFingerprint } from './gold.ts';
import type { Line, StageResult } from './protocol.ts';
import { buildStage, ingestRows, ingestStage, testStage, verifyStage } from './summaries.ts';

const emit = (line: Line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const say = (s: string) => process.stderr.write(`    ${s}\n`);
const maxRss = () => process.resourceUsage().maxRSS * 1024;

async function stage(stageName: string, f: () => Promise<StageResult>): Promise<void> {
  say(`${stageName}…`);
  const t0 = performance.now();
  const r = await f();
  const seconds = (performance.now() - t0) / 1000;
  say(`${stageName}: ${fixed(seconds, 1)} s — ${r.summary}`);
  emit({
    kind: 'stage',
    stage: stageName,
    seconds,
    ...r,
    rssBytes: process.memoryUsage().rss,
    maxRssBytes: maxRss(),
  });
}

function emitDone(t0: number, duckdb: { threads: string; memoryLimit: string }): void {
  const u = process.resourceUsage();
  emit({
    kind: 'done',
    seconds: (performance.now() - t0) / 1000,
    maxRssBytes: u.maxRSS * 1024,
    cpuUserSeconds: u.userCPUTime / 1e6,
    cpuSystemSeconds: u.systemCPUTime / 1e6,
    duckdb,
  });
}

async function timedIngest(wh: Warehouse, sourceDir: string, date?: string): Promise<StageResult> {
  return ingestStage(await ingest(wh, { sourceDir, date }));
}

async function duckdbSettings(wh: Warehouse) {
  const [s] = await wh.query<{ t: unknown; m: unknown }>(
    `SELECT current_setting('threads')::VARCHAR AS t, current_setting('memory_limit')::VARCHAR AS m`,
  );
  return { threads: String(s?.t), memoryLimit: String(s?.m) };
}

export async function childFull(drop: string, dbFile: string, lakeDir: string): Promise<void> {
  const t0 = performance.now();
  let wh!: Warehouse;
  await stage('open', async () => {
    wh = await Warehouse.open(dbFile, 'bench pipeline');
    return { summary: 'fresh warehouse, DDL applied', rows: null, slowest: [], extra: {} };
  });
  const settings = await duckdbSettings(wh);
  const project = loadProject();
  await stage('ingest', () => timedIngest(wh, drop));
  await stage('build', async () => buildStage(await build(wh, project, { test: false })));
  await stage('test', async () => testStage(await build(wh, project, { run: false, test: true })));
  await stage('verify', async () => verifyStage(await verify(wh.conn, { sourceDir: drop })));
  await stage('publish', async () => {
    const r = await publishGold(wh.conn, lakeDir);
    return {
      summary: `${r.files} Parquet files for ${r.tables} gold tables, ${int(r.rows)} rows`,
      rows: r.rows,
      slowest: [],
      extra: { files: r.files, tables: r.tables },
    };
  });
  await stage('close', async () => {
    await wh.close();
    return { summary: 'checkpoint and close', rows: null, slowest: [], extra: {} };
  });
  emitDone(t0, settings);
}

export async function childIncremental(drop: string, dbFile: string): Promise<void> {
  const t0 = performance.now();
  const dates = readdirSync(join(drop, RAW_DIR))
    .filter((d) => DATE_RE.test(d))
    .sort();
  const last = dates[dates.length - 1] as string;
  const wh = await Warehouse.open(dbFile, 'bench pipeline incremental');
  const settings = await duckdbSettings(wh);
  const project = loadProject();
  try {
    // Set-up: the warehouse as the daily pipeline leaves it after day N−1.
    await stage('setup: ingest days 1…N−1', async () => {
      let read = 0;
      for (const d of dates.slice(0, -1)) {
        const s = await ingest(wh, { sourceDir: drop, date: d });
        read += ingestRows(s).read;
      }
      return {
        summary: `${dates.length - 1} days, ${int(read)} rows read`,
        rows: read,
        slowest: [],
        extra: {},
      };
    });
    await stage('setup: build days 1…N−1', async () => buildStage(await build(wh, project, { test: false })));
    await stage('ingest day N', () => timedIngest(wh, drop, last));
    let incr!: BuildSummary;
    await stage('build incremental', async () => {
      incr = await build(wh, project, { test: false });
      const affected = new Set(incr.models.flatMap((m) => m.affectedDays));
      const s = buildStage(incr);
      return {
        ...s,
        extra: { ...s.extra, affectedDays: [...affected].sort().join(', ') },
      };
    });
    const afterIncr = await goldFingerprint(wh);
    let full!: BuildSummary;
    await stage('build full refresh', async () => {
      full = await build(wh, project, { test: false, fullRefresh: true });
      return buildStage(full);
    });
    // Where the incremental build still spends its time, model by model, against the full build.
    const fullSeconds = new Map(full.models.map((m) => [m.model, m.seconds]));
    const perModel = [...incr.models]
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 8)
      .map(
        (m) =>
          `${m.model} ${fixed(m.seconds, 2)} s vs ${fixed(fullSeconds.get(m.model) ?? 0, 2)} s (${m.mode}${m.affectedDays[0] ? ` from ${m.affectedDays[0]}` : ''})`,
      );
    const afterFull = await goldFingerprint(wh);
    const differ = [...afterFull.keys()].filter((t) => afterIncr.get(t) !== afterFull.get(t));
    const countsDiffer = differ.filter(
      (t) => afterIncr.get(t)?.split(':')[0] !== afterFull.get(t)?.split(':')[0],
    );
    // The same per folder of models/ (staging/seed, intermediate, marts/kpi, …): which parts gain.
    const folderOf = (name: string) => {
      const path = project.models.get(name)?.path ?? '';
      return relative(project.dir, dirname(path)) || '.';
    };
    const byFolder = new Map<string, { incr: number; full: number }>();
    for (const m of incr.models) {
      const f = byFolder.get(folderOf(m.model)) ?? { incr: 0, full: 0 };
      f.incr += m.seconds;
      f.full += fullSeconds.get(m.model) ?? 0;
      byFolder.set(folderOf(m.model), f);
    }
    const perFolder = [...byFolder]
      .sort((a, b) => b[1].full - a[1].full)
      .map(
        ([f, x]) =>
          `${f} ${fixed(x.incr, 2)} s vs ${fixed(x.full, 2)} s (${fixed(x.incr / (x.full || 1), 3)})`,
      );
    await stage('compare gold', async () => ({
      summary: `${afterFull.size - differ.length} of ${afterFull.size} gold tables identical after incremental and full builds`,
      rows: null,
      slowest: [],
      extra: {
        tables: afterFull.size,
        identical: afterFull.size - differ.length,
        differ: differ.map(
          (t) => `${t} (rows ${afterIncr.get(t)?.split(':')[0]} vs ${afterFull.get(t)?.split(':')[0]})`,
        ),
        countsDiffer: countsDiffer.length,
        perModel,
        perFolder,
      },
    }));
  } finally {
    await wh.close();
  }
  emitDone(t0, settings);
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const [mode, drop, db, lake] = process.argv.slice(2);
  if (mode === 'full' && drop && db && lake) await childFull(drop, db, lake);
  else if (mode === 'incremental' && drop && db) await childIncremental(drop, db);
  else {
    console.error('usage: bin/run-ts.js bench/pipeline/child.ts full DROP DB LAKE | incremental DROP DB');
    process.exit(2);
  }
}
