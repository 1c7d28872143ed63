/**
 * Bronze ingest throughput: the large plant (100 machines, telemetry every 10 s) simulated for a few
 * days, then loaded three ways into fresh DuckDB files, in the same run, from the same (cached) files:
 *
 *  (a) ours: `ingest()` — hash and scan each file (ahead of its load); load files side by side in
 *      lanes (lanes.ts), each in one transaction: for JSON lines find every key in the whole file,
 *      then one INSERT from read_json numbered by line (WITH ORDINALITY), the lines it cannot read
 *      judged from their bytes; every column as text plus its slice id and record number (the
 *      load's metadata once, in its slice row), quarantine, audit and manifest rows;
 *  (b) typed baseline: DuckDB's own readers, one `CREATE TABLE t_n AS SELECT * FROM read_csv(f)` /
 *      `read_json(f)` per file, types auto-detected;
 *  (c) text baseline (like for like, since bronze keeps text): the same with every column VARCHAR —
 *      `read_csv(f, all_varchar=true)`, `read_json(f, columns={…VARCHAR…})` with the columns from a
 *      `DESCRIBE` of the file (its cost included).
 *
 * Each is run BENCH_INGEST_REPEAT times (default 3), alternating, and the best time kept: on a
 * shared 2-core machine the minimum is the least disturbed measurement; the ratio of each round
 * (ours and the text baseline back to back) is shown too, for the spread. Closing the database (its
 * checkpoint) is inside every timing. BENCH_INGEST_DROP=DIR reuses a drop simulated before (for
 * trying changes; the section is only meant to be written from a fresh simulation).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { scanFile } from '../src/lake/bronze/scan.ts';
import { type IngestSummary, ingest } from '../src/lake/ingest.ts';
import { literal } from '../src/lake/sql.ts';
import { Warehouse } from '../src/lake/warehouse.ts';
import { discover } from '../src/sources/discover.ts';
import type { SourceFile } from '../src/sources/types.ts';
import { type BenchResult, type BenchRow, fixed, int, machineInfo, mib } from './bench.ts';

export const name = 'ingest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DAYS = Number(process.env.BENCH_INGEST_DAYS ?? 3);
const REPEAT = Math.max(1, Number(process.env.BENCH_INGEST_REPEAT ?? 3));
const TARGET_RATIO = 0.8;

function simulateLarge(days: number, out: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/ironworks.js', 'simulate', '--scenario', 'large', '--days', String(days), '--out', out, '-q'],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`simulate exited ${code}`)),
    );
  });
}

interface OursRun {
  seconds: number;
  /** Process CPU seconds (Node and DuckDB's threads). */
  cpu: number;
  summary: IngestSummary;
  /** Wall seconds of its parts: opening the warehouse, ingest(), closing it (the checkpoint). */
  parts: { open: number; ingest: number; close: number };
}

async function runOurs(dbFile: string, sourceDir: string): Promise<OursRun> {
  rmSync(dbFile, { force: true });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const wh = await Warehouse.open(dbFile, 'bench ingest');
  const t1 = performance.now();
  let summary: IngestSummary;
  let t2 = t1;
  try {
    summary = await ingest(wh, { sourceDir });
    t2 = performance.now();
  } finally {
    await wh.close();
  }
  const t3 = performance.now();
  const parts = { open: (t1 - t0) / 1000, ingest: (t2 - t1) / 1000, close: (t3 - t2) / 1000 };
  return { seconds: (t3 - t0) / 1000, cpu: cpuSince(c0), summary, parts };
}

const cpuSince = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};

interface BaselineRun {
  seconds: number;
  cpu: number;
  rows: number;
  /** Files DuckDB's reader could not take as given (e.g. an empty CSV): loaded as nothing. */
  failed: string[];
}

/** DuckDB's readers, one CTAS per file; `text` makes every column VARCHAR. */
async function runBaseline(dbFile: string, files: SourceFile[], text: boolean): Promise<BaselineRun> {
  rmSync(dbFile, { force: true });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const inst = await DuckDBInstance.create(dbFile);
  const conn = await inst.connect();
  const failed: string[] = [];
  const made: string[] = [];
  for (const [i, f] of files.entries()) {
    const path = literal(f.absPath);
    // ignore_errors: the drop holds a few malformed JSON lines on purpose (chaos); the readers
    // would refuse the whole file otherwise.
    let from: string;
    if (f.format === 'csv') from = `read_csv(${path}${text ? ', all_varchar=true' : ''})`;
    else {
      const fmt = f.format === 'jsonl' ? `format='newline_delimited'` : `format='array'`;
      from = `read_json(${path}, ${fmt}, ignore_errors=true)`;
      if (text) {
        try {
          const cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`))
            .getRowObjectsJS()
            .map((r) => `${literal(String(r.column_name))}: 'VARCHAR'`);
          from = `read_json(${path}, ${fmt}, ignore_errors=true, columns={${cols.join(', ')}})`;
        } catch {
          failed.push(f.relPath);
          continue;
        }
      }
    }
    try {
      await conn.run(`CREATE TABLE t_${i} AS SELECT * FROM ${from}`);
      made.push(`t_${i}`);
    } catch {
      failed.push(f.relPath);
    }
  }
  conn.closeSync();
  inst.closeSync();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSince(c0);
  // Counted after the clock stops.
  const inst2 = await DuckDBInstance.create(dbFile);
  const c2 = await inst2.connect();
  let rows = 0;
  for (const t of made)
    rows += Number((await c2.runAndReadAll(`SELECT count(*) AS n FROM ${t}`)).getRowObjectsJS()[0]?.n ?? 0);
  c2.closeSync();
  inst2.closeSync();
  return { seconds, cpu, rows, failed };
}

const best = <T extends { seconds: number }>(runs: T[]): T =>
  runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

export async function run(): Promise<BenchResult> {
  const machine = machineInfo();
  const tmp = mkdtempSync(join(os.tmpdir(), 'ironworks-bench-ingest-'));
  try {
    const reuse = process.env.BENCH_INGEST_DROP;
    const drop = reuse ? resolve(reuse) : join(tmp, 'drop');
    if (!reuse) {
      console.error(`  simulating the large plant, ${DAYS} days…`);
      await simulateLarge(DAYS, drop);
    }
    const files = discover(drop).files;
    const bytes = files.reduce((s, f) => s + statSync(f.absPath).size, 0);

    // The scan pass alone (hash, UTF-8, lines): the part of ours that is not DuckDB. Also warms
    // the page cache for everyone.
    let scanSeconds = Number.POSITIVE_INFINITY;
    for (let r = 0; r < REPEAT; r++) {
      const t0 = performance.now();
      for (const f of files) await scanFile(f.absPath);
      scanSeconds = Math.min(scanSeconds, (performance.now() - t0) / 1000);
    }

    const ours: OursRun[] = [];
    const typed: BaselineRun[] = [];
    const textual: BaselineRun[] = [];
    for (let r = 0; r < REPEAT; r++) {
      // Ours and the text baseline back to back: each round's ratio is a fair pair on its own.
      console.error(`  round ${r + 1}/${REPEAT}: ours…`);
      ours.push(await runOurs(join(tmp, 'ours.duckdb'), drop));
      console.error(`  round ${r + 1}/${REPEAT}: DuckDB all-text…`);
      textual.push(await runBaseline(join(tmp, 'text.duckdb'), files, true));
      console.error(`  round ${r + 1}/${REPEAT}: DuckDB typed…`);
      typed.push(await runBaseline(join(tmp, 'typed.duckdb'), files, false));
    }
    const a = best(ours);
    const b = best(typed);
    const c = best(textual);
    const s = a.summary;
    const rowsRead = s.files.reduce((n, f) => n + f.rowsRead, 0);
    const rowsLoaded = s.files.reduce((n, f) => n + f.rowsLoaded, 0);
    const quarantined = s.files.reduce((n, f) => n + f.rowsQuarantined, 0);
    const oursRate = rowsRead / a.seconds;
    const typedRate = b.rows / b.seconds;
    const textRate = c.rows / c.seconds;
    const ratioTyped = oursRate / typedRate;
    const ratioText = oursRate / textRate;
    const big = s.files.filter((f) => f.file.endsWith('/telemetry.jsonl'));
    const bigRows = big.reduce((n, f) => n + f.rowsRead, 0);
    const loadEnd = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
    const allTimes = (runs: { seconds: number }[]) => runs.map((x) => fixed(x.seconds, 2)).join(', ');
    // Per round: ours ÷ text by wall time and by CPU time (rows/s over rows/s).
    const pairs = ours.map((o, r) => {
      const t = textual[r] as BaselineRun;
      return { wall: rowsRead / o.seconds / (t.rows / t.seconds), cpu: rowsRead / o.cpu / (t.rows / t.cpu) };
    });
    const medianWall = [...pairs.map((p) => p.wall)].sort((x, y) => x - y)[Math.floor(pairs.length / 2)] ?? 0;
    const spread = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      return `${xs.map((x) => fixed(x, 2)).join(', ')} (min ${fixed(sorted[0] ?? 0, 2)}, median ${fixed(sorted[Math.floor(sorted.length / 2)] ?? 0, 2)}, max ${fixed(sorted[sorted.length - 1] ?? 0, 2)})`;
    };

    const rows: BenchRow[] = [
      {
        metric: 'input',
        value: `${int(rowsRead)} rows`,
        note: `${files.length} files, ${mib(bytes)}; ${int(bigRows)} rows in ${big.length} telemetry.jsonl`,
      },
      {
        metric: '(a) ours: ingest()',
        value: `${fixed(a.seconds, 2)} s`,
        note: `${int(oursRate)} rows/s; ${int(rowsLoaded)} loaded, ${int(quarantined)} quarantined, ${s.failed} failed; runs ${allTimes(ours)} s; CPU ${fixed(a.cpu, 2)} s`,
      },
      {
        metric: '(b) DuckDB readers, typed',
        value: `${fixed(b.seconds, 2)} s`,
        note: `${int(typedRate)} rows/s; ${int(b.rows)} rows${b.failed.length ? `, ${b.failed.length} file(s) refused` : ''}; runs ${allTimes(typed)} s`,
      },
      {
        metric: '(c) DuckDB readers, all text',
        value: `${fixed(c.seconds, 2)} s`,
        note: `${int(textRate)} rows/s; ${int(c.rows)} rows${c.failed.length ? `, ${c.failed.length} file(s) refused` : ''}; runs ${allTimes(textual)} s; CPU ${fixed(c.cpu, 2)} s`,
      },
      {
        metric: 'ours ÷ (c) all text',
        value: `${fixed(ratioText, 2)}×`,
        note: `best over best; target ≥ ${TARGET_RATIO}: ${ratioText >= TARGET_RATIO ? 'met' : 'NOT met'}; by the median round (${fixed(medianWall, 2)}×): ${medianWall >= TARGET_RATIO ? 'met' : 'NOT met'}`,
      },
      {
        metric: 'ours ÷ (c), per round',
        value: `${fixed(Math.min(...pairs.map((p) => p.wall)), 2)}–${fixed(Math.max(...pairs.map((p) => p.wall)), 2)}×`,
        note: `wall: ${spread(pairs.map((p) => p.wall))}`,
      },
      {
        metric: 'ours ÷ (c), CPU time, per round',
        value: `${fixed(Math.min(...pairs.map((p) => p.cpu)), 2)}–${fixed(Math.max(...pairs.map((p) => p.cpu)), 2)}×`,
        note: `rows per CPU-second (process, DuckDB's threads included): ${spread(pairs.map((p) => p.cpu))}`,
      },
      { metric: 'ours ÷ (b) typed', value: `${fixed(ratioTyped, 2)}×`, note: 'rows/s over rows/s' },
      {
        metric: 'ours: scan pass (hash, UTF-8, lines)',
        value: `${fixed(scanSeconds, 2)} s`,
        note: `${fixed(bytes / 2 ** 20 / scanSeconds, 0)} MiB/s, measured alone; in ours it runs ahead of the loads, overlapping them`,
      },
      {
        metric: 'ours: open, ingest(), close',
        value: `${fixed(a.parts.ingest, 2)} s`,
        note: `ingest() of the fastest run; opening the new warehouse (schemas, ops tables) ${fixed(a.parts.open, 2)} s, closing it (checkpoint) ${fixed(a.parts.close, 2)} s`,
      },
      {
        metric: '1-minute load average',
        value: `${machine.load} → ${loadEnd}`,
        note: 'at start → end: others’ work on a shared machine slows wall times',
      },
    ];
    return {
      name,
      title: `bronze ingest throughput, large plant, ${DAYS} days`,
      method: [
        `\`scenarios/large.yaml\` (100 machines, telemetry every 10 s, chaos on) is simulated for ${DAYS} days into a temporary directory (deleted afterwards); every file of the drop is then loaded into a fresh DuckDB file three ways, in the same run, from the same page-cached files. (a) ours: \`ingest()\` — hash and scan each file (the files ahead, meanwhile); load files side by side in lanes (one more than DuckDB's threads, each a connection; DuckDB itself on one thread meanwhile), each file in one transaction; for a JSON-lines file, find every key in a DuckDB pass over the whole file, then one INSERT from \`read_json(…, ignore_errors=true) WITH ORDINALITY\` (row number = line number; the last line's row always kept, so the highest number proves one row per line, and a sample of lines compared with their rows) that leaves out the all-NULL rows of lines it could not read, which are judged from their bytes (objects inserted, the rest quarantined); every column as text plus the slice id and \`_ordinal\` (= line number; the load's other metadata is one row of \`ops.bronze_slices\`, joined back by the bronze views), a slice row, quarantine, audit and manifest rows. (b) typed baseline: DuckDB's own readers, one \`CREATE TABLE t_n AS SELECT * FROM read_csv(f)\` / \`read_json(f)\` per file with types auto-detected. (c) like-for-like baseline, since bronze stores text: the same with every column VARCHAR (\`read_csv(f, all_varchar=true)\`; \`read_json(f, columns={…})\` with the columns of a \`DESCRIBE\` of the file — DuckDB's sample of its first 20,480 lines — its cost included). The drop holds a few hundred malformed JSON lines a day on purpose (chaos, mostly in telemetry): ours leaves out the all-NULL rows unreadable lines give and judges those lines one by one, quarantining the malformed ones with their bytes; the baselines keep them as all-NULL rows (\`ignore_errors=true\`) and do no hashing, full-file key search, metadata, numbering, quarantine, audit or manifest.`,
        `Rows/s is rows read over wall time, opening and closing (checkpoint) the database included. Each way runs ${REPEAT} time(s), alternating (ours, then the text baseline, then the typed one), and the fastest is kept (all times in the notes); each round's own ratio of ours to the text baseline, by wall time and by process CPU time, shows the spread. The scan pass is timed alone, on the same files.`,
      ],
      machine,
      date: new Date().toISOString(),
      rows,
      metrics: {
        days: DAYS,
        files: files.length,
        bytes,
        rowsRead,
        rowsLoaded,
        rowsQuarantined: quarantined,
        oursSeconds: a.seconds,
        oursRowsPerSecond: oursRate,
        typedSeconds: b.seconds,
        typedRows: b.rows,
        typedRowsPerSecond: typedRate,
        textSeconds: c.seconds,
        textRows: c.rows,
        textRowsPerSecond: textRate,
        ratioToText: ratioText,
        ratioToTextMedianRound: medianWall,
        ratioToTyped: ratioTyped,
        targetRatio: TARGET_RATIO,
        targetMet: ratioText >= TARGET_RATIO,
        scanSeconds,
        oursCpuSeconds: a.cpu,
        textCpuSeconds: c.cpu,
        ratioPerRound: pairs.map((p) => fixed(p.wall, 3)).join(' '),
        ratioCpuPerRound: pairs.map((p) => fixed(p.cpu, 3)).join(' '),
        oursOpenSeconds: a.parts.open,
        oursIngestSeconds: a.parts.ingest,
        oursCloseSeconds: a.parts.close,
        loadAtStart: machine.load,
        loadAtEnd: loadEnd,
      },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
