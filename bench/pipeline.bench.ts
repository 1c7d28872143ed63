/**
 * The end-to-end figure for the large plant (100 machines, telemetry every 10 s): simulate N days
 * (default 30) into a temporary directory, then, in a child process on a fresh warehouse, time every
 * stage the daily pipeline has — ingest of all days, a full build of every model, the data tests,
 * verify against the truth, publish gold as Parquet — with rows and the child's peak RSS.
 *
 * Then the incremental figure, in a second child on a second fresh warehouse: days 1…N−1 ingested
 * and built (set-up), day N ingested, an incremental build timed, then a full rebuild
 * (`fullRefresh: true`) of the same N days on the same warehouse timed; the ratio of the two is the
 * figure (target ≤ 0.1). Gold after each is fingerprinted per table (row count and an
 * order-independent hash of the rows) to say whether the incremental build gave the same gold.
 *
 * Parts in bench/pipeline/: child.ts (the children's stages), parent.ts (spawning them, reading their
 * JSON lines), summaries.ts (one line per stage), gold.ts (the fingerprint), report.ts (rows).
 *
 * BENCH_PIPELINE_DAYS shortens a trial run (the section says how many days it measured);
 * BENCH_PIPELINE_INCR=0 skips the incremental figure; BENCH_PIPELINE_REPEAT=K runs the incremental
 * child K times (fresh warehouse each) to show the spread of the ratio on a shared machine.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { RAW_DIR } from '../src/contracts/layout.ts';
import { readLedger } from '../src/quality/chaos-score.ts';
import { truthMetrics } from '../src/quality/metrics.ts';
import { readTruth } from '../src/quality/truth-files.ts';
import { type BenchResult, fixed, machineInfo, mib } from './bench.ts';
import { type ChildRun, dirBytes, runChild, simulateLarge } from './pipeline/parent.ts';
import { fullReport, incrementalReport, stageOf, TARGET_RATIO } from './pipeline/report.ts';

export const name = 'pipeline';

const DAYS = Number(process.env.BENCH_PIPELINE_DAYS ?? 30);
const INCREMENTAL = process.env.BENCH_PIPELINE_INCR !== '0';
const REPEAT = Math.max(1, Number(process.env.BENCH_PIPELINE_REPEAT ?? 1));
const s1 = (x: number) => `${fixed(x, 1)} s`;

export async function run(): Promise<BenchResult> {
  const machine = machineInfo();
  const tmp = mkdtempSync(join(os.tmpdir(), 'ironworks-bench-pipeline-'));
  try {
    const drop = join(tmp, 'drop');
    console.error(`  simulating the large plant, ${DAYS} days…`);
    const simSeconds = await simulateLarge(DAYS, drop);
    const dropBytes = dirBytes(join(drop, RAW_DIR));
    console.error(
      `  simulated in ${s1(simSeconds)} (${mib(dropBytes)} of raw data); the pipeline, fresh warehouse:`,
    );
    const dbFile = join(tmp, 'full.duckdb');
    const full = await runChild(['full', drop, dbFile, join(tmp, 'lake')]);
    const dbBytes = statSync(dbFile).size;
    const lakeBytes = dirBytes(join(tmp, 'lake'));
    rmSync(dbFile, { force: true });
    rmSync(join(tmp, 'lake'), { recursive: true, force: true });

    // Where verify's time goes, in part: its two file reads, timed alone here in the parent (so the
    // child's memory is not touched): the truth files to metrics, and the chaos ledger.
    let t0 = performance.now();
    const truthRows = readTruth(drop).days.flatMap(truthMetrics).length;
    const truthSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const ledgerLines = readLedger(drop).length;
    const ledgerSeconds = (performance.now() - t0) / 1000;

    let incr: ChildRun | null = null;
    const ratios: number[] = [];
    if (INCREMENTAL) {
      console.error(`  incremental: days 1…${DAYS - 1} built, then day ${DAYS}:`);
      incr = await runChild(['incremental', drop, join(tmp, 'incr.duckdb')]);
      for (let k = 1; k < REPEAT; k++) {
        rmSync(join(tmp, 'incr.duckdb'), { force: true });
        console.error(`  incremental again (${k + 1} of ${REPEAT}):`);
        const again = await runChild(['incremental', drop, join(tmp, 'incr.duckdb')]);
        ratios.push(
          stageOf(again, 'build incremental').seconds / stageOf(again, 'build full refresh').seconds,
        );
      }
    }
    const loadEnd = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
    const { rows, metrics } = fullReport({
      days: DAYS,
      full,
      simSeconds,
      dropBytes,
      dbBytes,
      lakeBytes,
      truthRows,
      truthSeconds,
      ledgerLines,
      ledgerSeconds,
      loadStart: machine.load,
      loadEnd,
    });
    if (incr) {
      const x = incrementalReport(incr, DAYS);
      rows.push(...x.rows);
      Object.assign(metrics, x.metrics);
      if (ratios.length > 0) {
        const all = [Number(x.metrics.incrRatio), ...ratios];
        rows.push({
          metric: `incremental ÷ full, ${all.length} runs`,
          value: `${fixed(Math.min(...all), 3)} – ${fixed(Math.max(...all), 3)}`,
          note: `each a fresh warehouse: ${all.map((r) => fixed(r, 3)).join(', ')}`,
        });
        metrics.incrRatios = all.join(',');
      }
    }
    rows.push({
      metric: '1-minute load average',
      value: `${machine.load} → ${loadEnd}`,
      note: 'at start → end: others’ work on a shared machine slows wall times',
    });

    const method = [
      `\`scenarios/large.yaml\` (100 machines, three shifts around the clock, telemetry every 10 s, chaos on) is simulated for ${DAYS} days${DAYS < 30 ? ` (fewer than the 30 the figure is meant for: BENCH_PIPELINE_DAYS=${DAYS})` : ''} with \`ironworks simulate\` into a temporary directory (deleted afterwards). Then a child process (bench/pipeline/child.ts, so its maxRSS is the pipeline's own: Node and the embedded DuckDB) runs the daily pipeline's stages once over all the days on a fresh warehouse, each timed on its own: \`ingest(wh, {sourceDir})\`; \`build(wh, loadProject(), {test: false})\` (every model, full); the data tests \`build(…, {run: false, test: true})\`; \`verify(wh.conn, {sourceDir})\` against every day's truth and the chaos ledger; \`publishGold(wh.conn, lakeDir)\`. Rows are rows read (ingest), rows written by the models (build), truth metrics compared (verify) and rows published.`,
      'The verify result is reported as found: a difference is a finding about the pipeline on this plant, not hidden.',
    ];
    if (INCREMENTAL)
      method.push(
        `Incremental: a second child on a second fresh warehouse ingests days 1–${DAYS - 1} (one \`ingest()\` per day) and builds them (set-up), then ingests day ${DAYS} and runs \`build(…, {test: false})\` (models whose inputs did not change are skipped, incremental models rebuild from the first day new data touched less their lookback, table models are rebuilt and fingerprinted per day so what reads them rebuilds only the days that changed) — timed — and then \`build(…, {test: false, fullRefresh: true})\` of the same ${DAYS} days on the same warehouse — timed. The ratio of the two is the figure (target ≤ ${TARGET_RATIO}). Gold is fingerprinted after each (per table: row count and the sum of \`hash(row)\`, with DOUBLE columns taken to 9 significant digits, since parallel sums of doubles differ in their last bits even between two full builds) to check that the incremental build gave the same gold as the full one.`,
      );
    return {
      name,
      title: `end to end, large plant, ${DAYS} days: ingest → build → test → verify → publish${INCREMENTAL ? ', and incremental vs full' : ''}`,
      method,
      machine,
      date: new Date().toISOString(),
      rows,
      metrics,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
