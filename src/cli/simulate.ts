/**
 * `ironworks simulate`: write a scenario's file drop, ground truth, chaos ledger and reference data;
 * with `--live`, publish the drop to NATS JetStream in simulated time instead of writing raw_data/.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { loadScenario } from '../config/load.ts';
import { natsUrl } from '../contracts/stream.ts';
import { type LiveSummary, simulateLive } from '../sim/live/run-live.ts';
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
    .option('--live', 'publish the drop to NATS JetStream in simulated time instead of writing raw_data/')
    .option('--speed <n|max>', 'with --live: simulated seconds per wall second (1…1000), or max', speed, 60)
    .option('--nats <url>', 'with --live: NATS server (default: $IRONWORKS_NATS or nats://127.0.0.1:4222)')
    .option('--mqtt <url>', 'with --live: send telemetry over MQTT 3.1.1 to this listener (mqtt://host:port)')
    .option(
      '--threads <n>',
      'worker threads that make telemetry (0: none; default: one per core, up to 4); the output is the same for any n',
      nonNegativeInt('--threads'),
    )
    .option('--json', 'print the summary as JSON on stdout')
    .option('-q, --quiet', 'no progress output')
    .action(
      async (o: {
        scenario: string;
        start?: string;
        days?: number;
        seed?: number;
        out: string;
        live?: boolean;
        speed: number | 'max';
        nats?: string;
        mqtt?: string;
        threads?: number;
        json?: boolean;
        quiet?: boolean;
      }) => {
        const scenario = loadScenario(o.scenario);
        const days = o.days ?? scenario.run.days;
        const bar = progress(days, `simulate ${scenario.name}`, Boolean(o.quiet || o.json));
        const opts = {
          scenario,
          start: o.start ?? scenario.run.start,
          days,
          seed: o.seed ?? scenario.run.seed,
          out: o.out,
          threads: o.threads,
          onDay: (p: { date: string; rows: number }) =>
            bar.tick(`${p.date} (${p.rows.toLocaleString('en-US')} rows)`),
        };
        const summary = o.live
          ? await simulateLive({ ...opts, nats: natsUrl(o.nats), mqtt: o.mqtt, speed: o.speed })
          : await simulate(opts);
        bar.stop();
        if (o.json) {
          console.log(JSON.stringify(summary, null, 2));
          return;
        }
        if ('live' in summary) printLive(summary as LiveSummary);
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

function speed(value: string): number | 'max' {
  if (value === 'max') return 'max';
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`--speed must be a positive number or "max", got "${value}"`);
  return n;
}

function printLive(s: LiveSummary): void {
  const l = s.live;
  const mqtt = l.mqttUrl ? `, ${l.mqtt.toLocaleString('en-US')} over MQTT (${l.mqttUrl})` : '';
  console.log(
    `published ${l.events.toLocaleString('en-US')} events to ${l.nats} at speed ${l.speed}${mqtt} in ${l.seconds.toFixed(1)} s (${Math.round(l.events / l.seconds).toLocaleString('en-US')} events/s)`,
  );
  console.log(
    `  acks     ${l.published.toLocaleString('en-US')} stored, ${l.duplicates} duplicates dropped, ${l.retries} retries, ${l.reference} reference documents`,
  );
}
