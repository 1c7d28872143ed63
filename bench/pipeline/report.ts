/** The pipeline bench's table rows and raw numbers, from what the children printed. */
import { type BenchResult, type BenchRow, fixed, int, mib } from '../bench.ts';
import type { ChildRun } from './parent.ts';
import { TOP } from './protocol.ts';

export const TARGET_RATIO = 0.1;

const s1 = (x: number) => `${fixed(x, 1)} s`;
const list = (x: unknown) => (Array.isArray(x) ? (x as string[]) : []);

export const stageOf = (run: ChildRun, s: string) => {
  const x = run.stages.get(s);
  if (!x) throw new Error(`stage ${s} missing`);
  return x;
};

export interface FullFigures {
  days: number;
  full: ChildRun;
  simSeconds: number;
  dropBytes: number;
  dbBytes: number;
  lakeBytes: number;
  truthRows: number;
  truthSeconds: number;
  ledgerLines: number;
  ledgerSeconds: number;
  loadStart: number;
  loadEnd: number;
}

/** The end-to-end figure: every stage, memory, sizes, what verify found. */
export function fullReport(x: FullFigures): { rows: BenchRow[]; metrics: BenchResult['metrics'] } {
  const { days: DAYS, full, simSeconds, dropBytes, dbBytes, lakeBytes, truthRows, truthSeconds } = x;
  const { ledgerLines, ledgerSeconds, loadEnd } = x;
  const machine = { load: x.loadStart };
  const st = stageOf;
  const order = ['ingest', 'build', 'test', 'verify', 'publish'];
  const stagesTotal = order.reduce((n, s) => n + st(full, s).seconds, 0);
  const openClose = st(full, 'open').seconds + st(full, 'close').seconds;
  const v = st(full, 'verify');
  const b = st(full, 'build');
  const t = st(full, 'test');
  const ing = st(full, 'ingest');
  let peakStage = '';
  let prevMax = 0;
  for (const s of ['open', ...order, 'close']) {
    const x = st(full, s);
    if (x.maxRssBytes > prevMax) peakStage = s;
    prevMax = Math.max(prevMax, x.maxRssBytes);
  }
  const pct = (x: number) => `${fixed((100 * x) / stagesTotal, 0)}% of the stages`;
  const rows: BenchRow[] = [
    {
      metric: `simulate ${DAYS} days (input)`,
      value: s1(simSeconds),
      note: `\`ironworks simulate --scenario large\`, process wall time; ${mib(dropBytes)} of raw data`,
    },
    {
      metric: 'ingest, all days',
      value: s1(ing.seconds),
      note: `${pct(ing.seconds)}; ${int(ing.rows ?? 0)} rows, ${int((ing.rows ?? 0) / ing.seconds)} rows/s; ${ing.summary.split('; ')[0]}; ${ing.slowest[0]}`,
    },
    {
      metric: 'build, all models (full)',
      value: s1(b.seconds),
      note: `${pct(b.seconds)}; ${b.summary}; slowest: ${b.slowest.join(', ')}; by mode: ${list(b.extra.secondsByMode).join(', ')}`,
    },
    {
      metric: 'tests',
      value: s1(t.seconds),
      note: `${pct(t.seconds)}; ${t.summary}; slowest models' tests: ${t.slowest.join(', ')}${list(t.extra.notPassing).length ? `; not passing: ${list(t.extra.notPassing).slice(0, TOP).join('; ')}` : ''}`,
    },
    {
      metric: 'verify',
      value: s1(v.seconds),
      note: `${pct(v.seconds)}; ${v.summary}; of which, timed alone: truth files → ${int(truthRows)} metrics ${s1(truthSeconds)}, chaos ledger (${int(ledgerLines)} lines) read ${s1(ledgerSeconds)}; the rest is gold's side (sql/actual_*.sql), reconciling and scoring the ledger against silver`,
    },
    {
      metric: 'publish',
      value: s1(st(full, 'publish').seconds),
      note: `${pct(st(full, 'publish').seconds)}; ${st(full, 'publish').summary}`,
    },
    {
      metric: 'total, ingest → publish',
      value: s1(stagesTotal),
      note: `the five stages; with opening and closing the warehouse ${s1(stagesTotal + openClose)}, child process ${s1(full.processSeconds)}; with simulate ${s1(simSeconds + full.processSeconds)}`,
    },
    {
      metric: 'peak RSS',
      value: mib(full.done.maxRssBytes),
      note: `maxRSS of the pipeline process (Node + DuckDB; DuckDB threads ${full.done.duckdb.threads}, memory_limit ${full.done.duckdb.memoryLimit}); reached during ${peakStage}; after each stage: ${order.map((s) => `${s} ${mib(st(full, s).maxRssBytes)}`).join(', ')}`,
    },
    {
      metric: 'CPU time',
      value: s1(full.done.cpuUserSeconds + full.done.cpuSystemSeconds),
      note: `user ${fixed(full.done.cpuUserSeconds, 1)} + sys ${fixed(full.done.cpuSystemSeconds, 1)}, all threads`,
    },
    {
      metric: 'warehouse / lake size',
      value: `${mib(dbBytes)} / ${mib(lakeBytes)}`,
      note: 'DuckDB file after close; Parquet written by publish',
    },
    {
      metric: 'verify differences',
      value: int(Number(v.extra.differ)),
      note:
        Number(v.extra.differ) === 0
          ? `none: all ${int(Number(v.extra.compared))} truth metrics match`
          : `by status: ${list(v.extra.byStatus).join(', ')}; by metric: ${list(v.extra.byMetric).join(', ')}; first: ${list(v.extra.first).join('; ')}`,
    },
    {
      metric: 'chaos scoring (verify)',
      value: `${list(v.extra.chaosImperfect).length} imperfect`,
      note: list(v.extra.chaosImperfect).length
        ? `of ${v.extra.chaosScored} scored types: ${list(v.extra.chaosImperfect).join('; ')}`
        : `all ${v.extra.chaosScored} scored types at precision and recall 1.0`,
    },
  ];
  const metrics: BenchResult['metrics'] = {
    days: DAYS,
    simulateSeconds: simSeconds,
    rawBytes: dropBytes,
    ingestSeconds: ing.seconds,
    ingestRows: ing.rows,
    buildSeconds: b.seconds,
    buildRows: b.rows,
    buildErrors: Number(b.extra.errors),
    testSeconds: t.seconds,
    tests: Number(t.extra.tests),
    testsFailed: Number(t.extra.failed),
    testsWarned: Number(t.extra.warned),
    verifySeconds: v.seconds,
    verifyTruthReadSeconds: truthSeconds,
    verifyLedgerReadSeconds: ledgerSeconds,
    ledgerLines,
    verifyOk: Boolean(v.extra.ok),
    verifyCompared: Number(v.extra.compared),
    verifyDiffer: Number(v.extra.differ),
    publishSeconds: st(full, 'publish').seconds,
    publishRows: st(full, 'publish').rows,
    stagesSeconds: stagesTotal,
    processSeconds: full.processSeconds,
    peakRssBytes: full.done.maxRssBytes,
    warehouseBytes: dbBytes,
    lakeBytes,
    loadAtStart: machine.load,
    loadAtEnd: loadEnd,
  };

  return { rows, metrics };
}

/** One new day incremental against a full rebuild of the same days, and whether gold agreed. */
export function incrementalReport(
  incr: ChildRun,
  DAYS: number,
): { rows: BenchRow[]; metrics: BenchResult['metrics'] } {
  const st = stageOf;
  const i30 = st(incr, 'ingest day N');
  const bi = st(incr, 'build incremental');
  const bf = st(incr, 'build full refresh');
  const cmp = st(incr, 'compare gold');
  const ratio = bi.seconds / bf.seconds;
  const ratioWithIngest = (bi.seconds + i30.seconds) / (bf.seconds + i30.seconds);
  const rows: BenchRow[] = [
    {
      metric: `set-up: days 1–${DAYS - 1} ingested, built`,
      value: `${s1(st(incr, 'setup: ingest days 1…N−1').seconds)}, ${s1(st(incr, 'setup: build days 1…N−1').seconds)}`,
      note: 'second fresh warehouse, one ingest() per day then a full build; not part of the figure',
    },
    {
      metric: `ingest day ${DAYS}`,
      value: s1(i30.seconds),
      note: `${int(i30.rows ?? 0)} rows; ${i30.summary.split('; ')[0]}`,
    },
    {
      metric: `build incremental (day ${DAYS})`,
      value: s1(bi.seconds),
      note: `${bi.summary}; days rebuilt (from the earliest a model rebuilt) ${bi.extra.affectedDays}; by mode: ${list(bi.extra.secondsByMode).join(', ')}; slowest: ${bi.slowest.join(', ')}`,
    },
    {
      metric: `build full refresh (${DAYS} days)`,
      value: s1(bf.seconds),
      note: `same warehouse, \`fullRefresh: true\`; by mode: ${list(bf.extra.secondsByMode).join(', ')}; slowest: ${bf.slowest.join(', ')}`,
    },
    {
      metric: 'incremental ÷ full refresh',
      value: `${fixed(ratio, 3)}`,
      note: `target ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}; with day ${DAYS}'s ingest on both sides ${fixed(ratioWithIngest, 3)}; the ${bi.extra.incrementalModels} incremental models ${s1(Number(bi.extra.incrementalModelSeconds))} vs ${s1(Number(bf.extra.incrementalModelSeconds))}, the others (tables, views, snapshot) ${s1(Number(bi.extra.otherModelSeconds))} vs ${s1(Number(bf.extra.otherModelSeconds))}; where the incremental build's time goes: ${list(cmp.extra.perModel).join('; ')}; by folder of models/ (incremental vs full, ratio): ${list(cmp.extra.perFolder).join('; ')}`,
    },
    {
      metric: 'gold: incremental = full refresh',
      value: `${cmp.extra.identical} / ${cmp.extra.tables}`,
      note: list(cmp.extra.differ).length
        ? `tables identical (row count and row hash); differ: ${list(cmp.extra.differ).join(', ')}`
        : 'tables identical (row count and an order-independent hash of the rows)',
    },
    {
      metric: 'peak RSS, incremental run',
      value: mib(incr.done.maxRssBytes),
      note: `child process, set-up included; ${s1(incr.processSeconds)} in all`,
    },
  ];
  const metrics: BenchResult['metrics'] = {
    incrIngestSeconds: i30.seconds,
    incrBuildSeconds: bi.seconds,
    fullRefreshSeconds: bf.seconds,
    incrRatio: ratio,
    incrRatioWithIngest: ratioWithIngest,
    incrTargetMet: ratio <= TARGET_RATIO,
    incrIncrementalModelsSeconds: Number(bi.extra.incrementalModelSeconds),
    fullIncrementalModelsSeconds: Number(bf.extra.incrementalModelSeconds),
    incrOtherModelsSeconds: Number(bi.extra.otherModelSeconds),
    fullOtherModelsSeconds: Number(bf.extra.otherModelSeconds),
    goldTablesIdentical: Number(cmp.extra.identical),
    goldTables: Number(cmp.extra.tables),
    incrPeakRssBytes: incr.done.maxRssBytes,
  };
  return { rows, metrics };
}
