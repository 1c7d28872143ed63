/** The tasks pipelines are made of: each calls one stage and says what it did in one line. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TRUTH_DIR } from '../contracts/layout.ts';
import { addDays } from '../contracts/plant-time.ts';
import { checkFault } from '../faults.ts';
import { ingest } from '../lake/ingest.ts';
import { publishGold } from '../lake/publish.ts';
import { monitor } from '../quality/monitor.ts';
import { verify } from '../quality/verify.ts';
import { loadProject } from '../transform/project.ts';
import { build } from '../transform/runner.ts';
import type { TaskContext, TaskDef } from './types.ts';

export const ingestTask = (deps: string[] = []): TaskDef => ({
  id: 'ingest',
  deps,
  async run(ctx: TaskContext) {
    checkFault('task.ingest', ctx.date);
    const s = await ingest(ctx.wh, {
      sourceDir: ctx.dataDir,
      date: ctx.date,
      pipeline: ctx.pipeline,
      runId: ctx.date,
    });
    for (const f of s.files.filter((x) => x.action !== 'unchanged'))
      ctx.log(
        `${f.file}: ${f.action}${f.late ? ' (late)' : ''} ${f.rowsLoaded} rows, ${f.rowsQuarantined} quarantined`,
      );
    if (s.failed > 0)
      throw new Error(
        `${s.failed} file(s) failed to load: ${s.files
          .filter((f) => f.action === 'failed')
          .map((f) => f.file)
          .join(', ')}`,
      );
    const rows = Object.values(s.tables).reduce((a, t) => a + t.rowsLoaded, 0);
    return `${s.loaded} file(s) loaded (${rows} rows, ${s.late} late), ${s.unchanged} unchanged`;
  },
});

export const buildTask = (deps: string[], models?: string): TaskDef => ({
  id: 'build',
  deps,
  async run(ctx) {
    checkFault('task.build', ctx.date);
    const s = await build(ctx.wh, loadProject(models), {
      test: false,
      invocationId: `${ctx.runId}#build@${ctx.attempt}`,
    });
    for (const m of s.models.filter((x) => x.status !== 'SUCCESS'))
      ctx.log(`${m.relation}: ${m.status} ${m.error ?? ''}`);
    if (s.errors > 0)
      throw new Error(
        `${s.errors} model(s) failed: ${s.models
          .filter((m) => m.status === 'ERROR')
          .map((m) => `${m.model} (${m.error})`)
          .join('; ')}`,
      );
    return `${s.models.length} models built in ${s.seconds.toFixed(1)} s`;
  },
});

export const testTask = (deps: string[], models?: string): TaskDef => ({
  id: 'test',
  deps,
  retry: { attempts: 1 },
  async run(ctx) {
    checkFault('task.test', ctx.date);
    const s = await build(ctx.wh, loadProject(models), {
      run: false,
      test: true,
      invocationId: `${ctx.runId}#test`,
    });
    const tests = s.models.flatMap((m) => m.tests);
    for (const t of tests.filter((x) => x.status !== 'PASS'))
      ctx.log(`${t.severity} ${t.name}: ${t.error ?? `${t.failing} failing`}`);
    if (s.testsFailed > 0) throw new Error(`${s.testsFailed} data test(s) failed`);
    return `${tests.length} tests: ${tests.filter((t) => t.status === 'PASS').length} passed, ${s.testsWarned} warned`;
  },
});

/** Gold as Parquet: every partition whose content changed since it was last published. */
export const publishTask = (deps: string[], lakeDir: (ctx: TaskContext) => string): TaskDef => ({
  id: 'publish',
  deps,
  async run(ctx) {
    checkFault('task.publish', ctx.date);
    const r = await publishGold(ctx.wh.conn, lakeDir(ctx));
    return `${r.files} Parquet file(s) written for ${r.tables} gold table(s)`;
  },
});

/**
 * Gold against the truth for the day whose late data has all arrived: records can land up to
 * `settleDays` drops late, so the run for day D verifies day D − settleDays (earlier runs have
 * nothing settled yet). `ironworks verify` checks any range on demand.
 */
export const verifyTask = (deps: string[], settleDays = 2): TaskDef => ({
  id: 'verify',
  deps,
  retry: { attempts: 1 },
  async run(ctx) {
    checkFault('task.verify', ctx.date);
    const settled = addDays(ctx.date, -settleDays);
    if (!existsSync(join(ctx.dataDir, TRUTH_DIR, settled)))
      return `no settled day with ground truth yet (${settled}): nothing to verify`;
    const r = await verify(ctx.wh.conn, {
      sourceDir: ctx.dataDir,
      days: [settled],
      verifyId: `${ctx.runId}#verify`,
    });
    for (const m of r.mismatched.slice(0, 10))
      ctx.log(`${m.entityType}:${m.entity} ${m.metric} expected ${m.expected} got ${m.actual}`);
    if (!r.ok)
      throw new Error(
        `${settled}: ${r.mismatched.length} of ${r.compared} metrics differ from the truth (ops.reconciliation, verify_id ${r.verifyId})`,
      );
    return `${settled}: ${r.compared} metrics match the truth${r.notCompared.length ? ` (${r.notCompared.length} families not compared)` : ''}`;
  },
});

/** Monitoring checks for the run's day; an ERROR-severity failure fails the task. */
export const monitorTask = (deps: string[]): TaskDef => ({
  id: 'monitor',
  deps,
  retry: { attempts: 1 },
  async run(ctx) {
    checkFault('task.monitor', ctx.date);
    const r = await monitor(ctx.wh.conn, ctx.date, ctx.runId);
    for (const c of r.checks.filter((x) => x.status !== 'PASS'))
      ctx.log(`${c.severity} ${c.check}: ${JSON.stringify(c.details)}`);
    if (r.failedErrors > 0) throw new Error(`${r.failedErrors} monitoring check(s) failed at ERROR severity`);
    return `${r.checks.length} checks, score ${r.score.toFixed(2)}`;
  },
});
