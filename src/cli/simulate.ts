/** `ironworks simulate`: write a scenario's file drop, ground truth, chaos ledger and reference data. */
import type { Command } from 'commander';
import { loadScenario } from '../config/load.ts';
import { simulate } from '../sim/run.ts';
import { isoDate, nonNegativeInt, positiveInt } from './options.ts';
import { progress } from './progress.ts';

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('Simulate a plant and write raw_data/, ground_truth/, chaos/ and reference/ under --out')
    .option(
      '-s, --scenario <name|file>',
      'built-in plant (factorio, widgets, large) or a scenario YAML file',
      'factorio',
    )
    .option('--start <date>', "first plant-local day (default: the scenario's run.start)", isoDate)
    .option('--days <n>', "number of days (default: the scenario's run.days)", positiveInt('--days'))
    .option('--seed <n>', "random seed (default: the scenario's run.seed)", nonNegativeInt('--seed'))
    .option('-o, --out <dir>', 'output directory', 'data')
    .option('--json', 'print the summary as JSON on stdout')
    .option('-q, --quiet', 'no progress output')
    .action(
      async (o: {
        scenario: string;
        start?: string;
        days?: number;
        seed?: number;
        out: string;
        json?: boolean;
        quiet?: boolean;
      }) => {
        const scenario = loadScenario(o.scenario);
        const days = o.days ?? scenario.run.days;
        const bar = progress(days, `simulate ${scenario.name}`, Boolean(o.quiet || o.json));
        const summary = await simulate({
          scenario,
          start: o.start ?? scenario.run.start,
          days,
          seed: o.seed ?? scenario.run.seed,
          out: o.out,
          onDay: (p) => bar.tick(`${p.date} (${p.rows.toLocaleString('en-US')} rows)`),
        });
        bar.stop();
        if (o.json) {
          console.log(JSON.stringify(summary, null, 2));
          return;
        }
        const t = summary.truth;
        console.log(
          `simulated ${summary.scenario}: ${summary.start} → ${summary.end} (${summary.days} days, seed ${summary.seed}) into ${summary.out}/`,
        );
        console.log(
          `  records  ${summary.rowsTotal.toLocaleString('en-US')} in ${Object.keys(summary.rows).length} sources, ${Math.round(summary.rowsTotal / summary.seconds).toLocaleString('en-US')} rows/s`,
        );
        for (const [src, n] of Object.entries(summary.rows))
          console.log(`           ${src.padEnd(22)} ${n.toLocaleString('en-US').padStart(12)}`);
        console.log(
          `  truth    ${t.batches.toLocaleString('en-US')} runs, ${t.unitsProduced.toLocaleString('en-US')} units, ${t.unitsDefective.toLocaleString('en-US')} defective, ${t.energyKwh.toLocaleString('en-US')} kWh`,
        );
        const chaos = Object.entries(summary.chaos).sort(([a], [b]) => (a < b ? -1 : 1));
        console.log(
          `  chaos    ${chaos.reduce((a, [, n]) => a + n, 0).toLocaleString('en-US')} injected defects in chaos/<date>/ledger.jsonl`,
        );
        for (const [type, n] of chaos)
          console.log(`           ${type.padEnd(22)} ${n.toLocaleString('en-US').padStart(12)}`);
        console.log(`  took     ${summary.seconds.toFixed(2)} s`);
      },
    );
}
