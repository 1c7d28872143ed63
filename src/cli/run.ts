/**
 * `ironworks run` (simulate if the data dir is empty, then the daily pipeline for every day),
 * `ironworks backfill --from D --to D` and `ironworks runs` (the history).
 */
import type { Command } from 'commander';
import { loadScenario } from '../config/load.ts';
import { Warehouse } from '../lake/warehouse.ts';
import { backfill } from '../pipeline/backfill.ts';
import { DEFAULT_DATA_DIR, dataPaths, dropDays } from '../pipeline/data-dir.ts';
import { pipelines } from '../pipeline/pipelines.ts';
import type { RunResult } from '../pipeline/types.ts';
import { runRemote, serverFor } from '../server/client.ts';
import { simulate } from '../sim/run.ts';
import { isoDate, nonNegativeInt, positiveInt } from './options.ts';

interface RunOpts {
  dataDir: string;
  scenario: string;
  days?: number;
  seed?: number;
  start?: string;
  pipeline: string;
  rerun?: boolean;
  json?: boolean;
  quiet?: boolean;
}

function reporter(quiet: boolean) {
  const err = (s: string) => {
    if (!quiet) process.stderr.write(`${s}\n`);
  };
  return {
    onDay: (date: string, ev: 'skip' | 'start' | 'done', run?: RunResult) => {
      if (ev === 'skip') err(`${date}  already succeeded, skipped`);
      if (ev === 'done' && run) err(`${date}  ${run.status} in ${run.seconds.toFixed(1)} s`);
    },
    onTask: (task: string, ev: 'start' | 'retry' | 'done', detail: string) => {
      if (ev === 'retry') err(`  ${task.padEnd(8)} ${detail}`);
      if (ev === 'done') err(`  ${task.padEnd(8)} ${detail}`);
    },
  };
}

/** Simulates into the data dir when it has no drop yet; returns the days to run. */
export async function ensureDrop(
  o: Pick<RunOpts, 'dataDir' | 'scenario' | 'days' | 'seed' | 'start' | 'quiet'>,
): Promise<string[]> {
  const paths = dataPaths(o.dataDir);
  let days = dropDays(paths.root);
  if (days.length === 0) {
    const scenario = loadScenario(o.scenario);
    if (!o.quiet) process.stderr.write(`no drop in ${paths.root}: simulating ${scenario.name}\n`);
    await simulate({
      scenario,
      start: o.start ?? scenario.run.start,
      days: o.days ?? scenario.run.days,
      seed: o.seed ?? scenario.run.seed,
      out: paths.root,
    });
    days = dropDays(paths.root);
  }
  return days;
}

async function runDays(o: RunOpts, dates: string[] | null): Promise<void> {
  const paths = dataPaths(o.dataDir);
  const def = pipelines()[o.pipeline];
  if (!def) throw new Error(`no pipeline "${o.pipeline}" (known: ${Object.keys(pipelines()).join(', ')})`);
  // While `ironworks serve` holds the warehouse, the work goes to it instead of fighting for the lock.
  const remote = serverFor(paths.warehouse);
  if (remote) {
    if (dropDays(paths.root).length === 0)
      throw new Error(`${paths.root} has no drop; simulate first (the server holds the warehouse)`);
    if (!o.quiet && !o.json)
      process.stderr.write(`sending the ${def.name} run to ${remote} (it holds ${paths.warehouse})\n`);
    const r = await runRemote(
      remote,
      { pipeline: def.name, from: dates?.[0], to: dates?.[dates.length - 1], rerun: o.rerun },
      (l) => {
        if (!o.quiet && !o.json) process.stderr.write(`${l}\n`);
      },
    );
    if (o.json) console.log(JSON.stringify(r, null, 2));
    else console.log(`${def.name} on ${remote}: ${r.state}${r.error ? ` — ${r.error}` : ''}`);
    if (r.state !== 'succeeded') process.exitCode = 1;
    return;
  }
  const all = await ensureDrop(o);
  const wh = await Warehouse.open(paths.warehouse, `ironworks ${o.pipeline} run`);
  try {
    const r = await backfill(def, {
      wh,
      dataDir: paths.root,
      dates: dates ?? all,
      rerun: o.rerun,
      ...reporter(Boolean(o.quiet || o.json)),
    });
    if (o.json) console.log(JSON.stringify(r, null, 2));
    else {
      const ok = r.runs.filter((x) => x.status === 'SUCCESS').length;
      console.log(
        `${def.name}: ${ok} day(s) succeeded, ${r.skipped.length} skipped (already done)${r.failed ? `, FAILED on ${r.failed}` : ''}`,
      );
      if (r.failed) {
        const bad =
          r.runs.find((x) => x.date === r.failed)?.tasks.filter((t) => t.status !== 'SUCCESS') ?? [];
        for (const t of bad) console.log(`  ${t.taskId}: ${t.status}${t.error ? ` — ${t.error}` : ''}`);
      }
    }
    if (r.failed) process.exitCode = 1;
  } finally {
    await wh.close();
  }
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run the daily pipeline for every day of the data dir (simulating first if it has no drop)')
    .option('--data-dir <dir>', 'holds raw_data/, warehouse.duckdb, lake/', DEFAULT_DATA_DIR)
    .option('-s, --scenario <name|file>', 'scenario to simulate when the data dir is empty', 'factorio')
    .option('--days <n>', 'days to simulate', positiveInt('--days'))
    .option('--seed <n>', 'simulation seed', nonNegativeInt('--seed'))
    .option('--start <date>', 'first simulated day', isoDate)
    .option('--pipeline <name>', 'daily, transform or monitor', 'daily')
    .option('--rerun', 'run days that already succeeded again')
    .option('--json', 'print the result as JSON on stdout')
    .option('-q, --quiet', 'no progress output')
    .action((o: RunOpts) => runDays(o, null));

  program
    .command('monitor')
    .description(
      'Run the monitoring checks for every day (or --from/--to): results in ops.data_quality_audit',
    )
    .option('--data-dir <dir>', 'holds raw_data/, warehouse.duckdb', DEFAULT_DATA_DIR)
    .option('--from <date>', 'first day', isoDate)
    .option('--to <date>', 'last day', isoDate)
    .option('--json', 'print the result as JSON on stdout')
    .option('-q, --quiet', 'no progress output')
    .action((o: RunOpts & { from?: string; to?: string }) => {
      const dates = dropDays(dataPaths(o.dataDir).root).filter(
        (d) => (!o.from || d >= o.from) && (!o.to || d <= o.to),
      );
      return runDays({ ...o, scenario: 'factorio', pipeline: 'monitor', rerun: true }, dates);
    });

  program
    .command('backfill')
    .description(
      'Run a pipeline for each day from --from to --to, in order, skipping days that already succeeded',
    )
    .requiredOption('--from <date>', 'first day', isoDate)
    .requiredOption('--to <date>', 'last day', isoDate)
    .option('--data-dir <dir>', 'holds raw_data/, warehouse.duckdb, lake/', DEFAULT_DATA_DIR)
    .option('--pipeline <name>', 'daily, transform or monitor', 'daily')
    .option('--rerun', 'run days that already succeeded again')
    .option('--json', 'print the result as JSON on stdout')
    .option('-q, --quiet', 'no progress output')
    .action((o: RunOpts & { from: string; to: string }) => {
      if (o.from > o.to) throw new Error(`--from ${o.from} is after --to ${o.to}`);
      const dates = dropDays(dataPaths(o.dataDir).root).filter((d) => d >= o.from && d <= o.to);
      if (dates.length === 0)
        throw new Error(`no drop between ${o.from} and ${o.to} in ${dataPaths(o.dataDir).raw}`);
      return runDays({ ...o, scenario: 'factorio' }, dates);
    });

  program
    .command('runs')
    .description('List pipeline runs and their tasks')
    .option('--data-dir <dir>', 'holds warehouse.duckdb', DEFAULT_DATA_DIR)
    .option('--limit <n>', 'newest runs to show', positiveInt('--limit'), 30)
    .option('--json', 'print as JSON')
    .action(async (o: { dataDir: string; limit: number; json?: boolean }) => {
      const wh = await Warehouse.open(dataPaths(o.dataDir).warehouse, 'ironworks runs');
      try {
        const runs = await wh.query<Record<string, unknown>>(
          `SELECT r.run_id, r.pipeline, r.started_at, r.logical_date::VARCHAR AS day, r.status, round(r.seconds, 2) AS seconds, r.error_message,
                  list({task: t.task_id, status: t.status, attempts: t.attempts, seconds: round(t.seconds, 2), error: t.error_message} ORDER BY t.started_at) AS tasks
           FROM ops.pipeline_runs r LEFT JOIN ops.task_runs t USING (run_id)
           GROUP BY ALL ORDER BY r.started_at DESC LIMIT ${o.limit}`,
        );
        if (o.json) {
          console.log(JSON.stringify(runs, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 2));
          return;
        }
        for (const r of runs) {
          console.log(
            `${String(r.day)}  ${String(r.pipeline).padEnd(9)} ${String(r.status).padEnd(8)} ${String(r.seconds).padStart(7)} s  ${r.error_message ?? ''}`,
          );
          for (const t of (r.tasks as {
            task: string;
            status: string;
            attempts: number;
            error: string | null;
          }[]) ?? []) {
            if (t.task)
              console.log(
                `            ${t.task.padEnd(9)} ${t.status.padEnd(16)} ${t.attempts} attempt(s)${t.error ? `  ${t.error}` : ''}`,
              );
          }
        }
      } finally {
        await wh.close();
      }
    });
}
