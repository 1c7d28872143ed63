/**
 * Bronze ingest throughput: the large plant (100 machines, telemetry every 10 s) simulated for a few
 * days, then loaded three ways into fresh DuckDB files, in the same run, from the same (cached) files:
 *
 *  (a) ours: `ingest()` — hash and scan each file, load it in one transaction with every column as
 *      text plus the metadata columns, audit and manifest rows;
 *  (b) typed baseline: DuckDB's own readers, one `CREATE TABLE t_n AS SELECT * FROM read_csv(f)` /
 *      `read_json(f)` per file, types auto-detected;
 *  (c) text baseline (like for like, since bronze keeps text): the same with every column VARCHAR —
 *      `read_csv(f, all_varchar=true)`, `read_json(f, columns={…VARCHAR…})` with the columns from a
 *      `DESCRIBE` of the file (its cost included).
 *
 * Each is run BENCH_INGEST_REPEAT times (default 3), alternating, and the best time kept: on a
 * shared 2-core machine the minimum is the least disturbed measurement. Closing the database (its
 * checkpoint) is inside every timing.
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
  summary: IngestSummary;
  /** Wall seconds per file, from one onFile callback to the next. */
  perFile: Map<string, number>;
}

async function runOurs(dbFile: string, sourceDir: string): Promise<OursRun> {
  rmSync(dbFile, { force: true });
  const perFile = new Map<string, number>();
  const t0 = performance.now();
  const wh = await Warehouse.open(dbFile, 'bench ingest');
  let summary: IngestSummary;
  try {
    let last = performance.now();
    summary = await ingest(wh, {
      sourceDir,
      onFile: (o) => {
        const now = performance.now();
        perFile.set(o.file, (now - last) / 1000);
        last = now;
      },
    });
  } finally {
    await wh.close();
  }
  return { seconds: (performance.now() - t0) / 1000, summary, perFile };
}

interface BaselineRun {
  seconds: number;
  rows: number;
  /** Files DuckDB's reader could not take as given (e.g. an empty CSV): loaded as nothing. */
  failed: string[];
}

/** DuckDB's readers, one CTAS per file; `text` makes every column VARCHAR. */
async function runBaseline(dbFile: string, files: SourceFile[], text: boolean): Promise<BaselineRun> {
  rmSync(dbFile, { force: true });
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
  // Counted after the clock stops.
  const inst2 = await DuckDBInstance.create(dbFile);
  const c2 = await inst2.connect();
  let rows = 0;
  for (const t of made)
    rows += Number((await c2.runAndReadAll(`SELECT count(*) AS n FROM ${t}`)).getRowObjectsJS()[0]?.n ?? 0);
  c2.closeSync();
  inst2.closeSync();
  return { seconds, rows, failed };
}

const best = <T extends { seconds: number }>(runs: T[]): T =>
  runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

export async function run(): Promise<BenchResult> {
  const machine = machineInfo();
  const tmp = mkdtempSync(join(os.tmpdir(), 'ironworks-bench-ingest-'));
  try {
    const drop = join(tmp, 'drop');
    console.error(`  simulating the large plant, ${DAYS} days…`);
    await simulateLarge(DAYS, drop);
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
      console.error(`  round ${r + 1}/${REPEAT}: ours…`);
      ours.push(await runOurs(join(tmp, 'ours.duckdb'), drop));
      console.error(`  round ${r + 1}/${REPEAT}: DuckDB typed…`);
      typed.push(await runBaseline(join(tmp, 'typed.duckdb'), files, false));
      console.error(`  round ${r + 1}/${REPEAT}: DuckDB all-text…`);
      textual.push(await runBaseline(join(tmp, 'text.duckdb'), files, true));
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
    const bigFiles = [...a.perFile.entries()].filter(([f]) => f.endsWith('/telemetry.jsonl'));
    const bigSeconds = bigFiles.reduce((n, [, sec]) => n + sec, 0);
    const bigRows = s.files
      .filter((f) => f.file.endsWith('/telemetry.jsonl'))
      .reduce((n, f) => n + f.rowsRead, 0);
    const loadEnd = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
    const allTimes = (runs: { seconds: number }[]) => runs.map((x) => fixed(x.seconds, 2)).join(', ');

    const rows: BenchRow[] = [
      {
        metric: 'input',
        value: `${int(rowsRead)} rows`,
        note: `${files.length} files, ${mib(bytes)}; ${int(bigRows)} rows in ${bigFiles.length} telemetry.jsonl`,
      },
      {
        metric: '(a) ours: ingest()',
        value: `${fixed(a.seconds, 2)} s`,
        note: `${int(oursRate)} rows/s; ${int(rowsLoaded)} loaded, ${int(quarantined)} quarantined, ${s.failed} failed; runs ${allTimes(ours)} s`,
      },
      {
        metric: '(b) DuckDB readers, typed',
        value: `${fixed(b.seconds, 2)} s`,
        note: `${int(typedRate)} rows/s; ${int(b.rows)} rows${b.failed.length ? `, ${b.failed.length} file(s) refused` : ''}; runs ${allTimes(typed)} s`,
      },
      {
        metric: '(c) DuckDB readers, all text',
        value: `${fixed(c.seconds, 2)} s`,
        note: `${int(textRate)} rows/s; ${int(c.rows)} rows${c.failed.length ? `, ${c.failed.length} file(s) refused` : ''}; runs ${allTimes(textual)} s`,
      },
      {
        metric: 'ours ÷ (c) all text',
        value: `${fixed(ratioText, 2)}×`,
        note: `target ≥ ${TARGET_RATIO}: ${ratioText >= TARGET_RATIO ? 'met' : 'NOT met'}`,
      },
      { metric: 'ours ÷ (b) typed', value: `${fixed(ratioTyped, 2)}×`, note: 'rows/s over rows/s' },
      {
        metric: 'ours: scan pass (hash, UTF-8, lines)',
        value: `${fixed(scanSeconds, 2)} s`,
        note: `${fixed(bytes / 2 ** 20 / scanSeconds, 0)} MiB/s, measured alone; ${fixed((100 * scanSeconds) / a.seconds, 0)}% of ours`,
      },
      {
        metric: 'ours: DuckDB and the rest',
        value: `${fixed(a.seconds - scanSeconds, 2)} s`,
        note: 'ours minus the scan pass: reading, inserting, audit, manifest, checkpoint',
      },
      {
        metric: 'ours: telemetry.jsonl files',
        value: `${fixed(bigSeconds, 2)} s`,
        note: `${int(bigRows / bigSeconds)} rows/s; the other ${files.length - bigFiles.length} files ${fixed(a.seconds - bigSeconds, 2)} s (open and close included)`,
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
        `\`scenarios/large.yaml\` (100 machines, telemetry every 10 s, chaos on) is simulated for ${DAYS} days into a temporary directory (deleted afterwards); every file of the drop is then loaded into a fresh DuckDB file three ways, in the same run, from the same page-cached files. (a) ours: \`ingest()\` — scan and hash each file, load it in one transaction with every column as text plus the six metadata columns, quarantine, audit and manifest rows. (b) typed baseline: DuckDB's own readers, one \`CREATE TABLE t_n AS SELECT * FROM read_csv(f)\` / \`read_json(f)\` per file with types auto-detected. (c) like-for-like baseline, since bronze stores text: the same with every column VARCHAR (\`read_csv(f, all_varchar=true)\`; \`read_json(f, columns={…})\` with the columns of a \`DESCRIBE\` of the file, its cost included). The drop holds a few hundred malformed JSON lines a day on purpose (chaos, mostly in telemetry): ours quarantines each with its bytes (the filtered JSON-lines path: plain lines through \`read_json\` from a temporary copy, the others judged one by one), the baselines skip them (\`ignore_errors=true\`) and do no hashing, metadata, quarantine or audit.`,
        `Rows/s is rows read over wall time, opening and closing (checkpoint) the database included. Each way runs ${REPEAT} time(s), alternating, and the fastest is kept (all times in the notes). The scan pass is timed alone, on the same files; "DuckDB and the rest" is ours minus it.`,
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
        ratioToTyped: ratioTyped,
        targetRatio: TARGET_RATIO,
        targetMet: ratioText >= TARGET_RATIO,
        scanSeconds,
        telemetrySeconds: bigSeconds,
        telemetryRows: bigRows,
        loadAtStart: machine.load,
        loadAtEnd: loadEnd,
      },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
