/**
 * `ironworks demo` (what `npm start` runs): simulate a plant if the data dir has no drop, run the
 * daily pipeline for every day with a live task list, verify gold against the truth, then serve —
 * ending with the URL and the verify summary.
 */
import type { Command } from 'commander';
import { Warehouse } from '../lake/warehouse.ts';
import { backfill } from '../pipeline/backfill.ts';
import { DEFAULT_DATA_DIR, dataPaths } from '../pipeline/data-dir.ts';
import { pipelines } from '../pipeline/pipelines.ts';
import { verify } from '../quality/verify.ts';
import { startServer } from '../server/serve.ts';
import { ensureWebBuilt } from '../server/web-build.ts';
import { nonNegativeInt, positiveInt } from './options.ts';
import { ensureDrop } from './run.ts';
import { printReport } from './verify.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Simulate (if needed), run every day, verify against the truth, then serve the API')
    .option('--data-dir <dir>', 'holds raw_data/, warehouse.duckdb, lake/', DEFAULT_DATA_DIR)
    .option('-s, --scenario <name|file>', 'scenario to simulate when the data dir is empty', 'factorio')
    .option('--days <n>', 'days to simulate', positiveInt('--days'))
    .option('--seed <n>', 'simulation seed', nonNegativeInt('--seed'))
    .option('--port <n>', 'port to serve on (0 = any free one)', nonNegativeInt('--port'), 8484)
    .option('--no-serve', 'stop after the verify summary')
    .action(
      async (o: {
        dataDir: string;
        scenario: string;
        days?: number;
        seed?: number;
        port: number;
        serve: boolean;
      }) => {
        const t0 = performance.now();
        const paths = dataPaths(o.dataDir);
        const days = await ensureDrop({ ...o, quiet: false });
        const wh = await Warehouse.open(paths.warehouse, 'ironworks demo');
        let ok = true;
        try {
          const def = pipelines().daily;
          if (!def) throw new Error('no daily pipeline');
          process.stderr.write(`running ${def.name} (${def.description}) for ${days.length} day(s)\n`);
          const r = await backfill(def, {
            wh,
            dataDir: paths.root,
            dates: days,
            onDay: (date, ev, run) => {
              if (ev === 'start') process.stderr.write(`${date}\n`);
              if (ev === 'skip') process.stderr.write(`${date}  already done\n`);
              if (ev === 'done' && run)
                process.stderr.write(`  → ${run.status} in ${run.seconds.toFixed(1)} s\n`);
            },
            onTask: (task, ev, detail) => {
              if (ev !== 'start')
                process.stderr.write(
                  `  ${ev === 'retry' ? '↻' : detail.startsWith('FAILED') ? '✗' : '✓'} ${task.padEnd(8)} ${detail}\n`,
                );
            },
          });
          if (r.failed) {
            ok = false;
            process.stderr.write(
              `the daily pipeline failed on ${r.failed}: see \`ironworks runs --data-dir ${o.dataDir}\`\n`,
            );
          }
          const report = await verify(wh.conn, { sourceDir: paths.root });
          console.log('');
          printReport(report, 10);
          ok &&= report.ok;
        } finally {
          await wh.close();
        }
        const took = ((performance.now() - t0) / 1000).toFixed(1);
        if (!o.serve) {
          console.log(`done in ${took} s`);
          if (!ok) process.exitCode = 1;
          return;
        }
        await ensureWebBuilt((l) => process.stderr.write(`${l}\n`));
        const s = await startServer({
          dataDir: o.dataDir,
          host: '127.0.0.1',
          port: o.port,
          token: null,
          schedule: '0 9 * * *',
          log: (l) => process.stderr.write(`${l}\n`),
        });
        console.log(
          `\nironworks is serving ${paths.warehouse} at ${s.url}  (dashboard: ${s.url}/; ready in ${took} s; Ctrl-C to stop)`,
        );
        const stop = async () => {
          await s.close();
          process.exit(ok ? 0 : 1);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      },
    );
}
