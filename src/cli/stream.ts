/**
 * `ironworks stream`: land the live feed (NATS JetStream) in bronze, exactly once, until stopped
 * (Ctrl-C / SIGTERM) or, with --until-idle, until everything published so far is in.
 */
import type { Command } from 'commander';
import { natsUrl } from '../contracts/stream.ts';
import { Warehouse, warehousePath } from '../lake/warehouse.ts';
import { dataPaths } from '../pipeline/data-dir.ts';
import { StreamIngester } from '../stream/ingester.ts';

export function registerStream(program: Command): void {
  program
    .command('stream')
    .description('Consume the NATS JetStream feed into bronze, exactly once (durable consumer per table)')
    .option('--nats <url>', 'NATS server (default: $IRONWORKS_NATS or nats://127.0.0.1:4222)')
    .option('--data-dir <dir>', 'data directory whose warehouse.duckdb to write')
    .option('--warehouse <file>', 'DuckDB file (default: $IRONWORKS_WAREHOUSE or data/warehouse.duckdb)')
    .option('--until-idle', 'exit once every consumer has caught up with what was published')
    .option('--consumer-prefix <name>', 'durable consumer names are <prefix>_<table>', 'ironworks_bronze')
    .option('--json', 'print the totals as JSON on stdout when done')
    .option('-q, --quiet', 'no progress output')
    .action(
      async (o: {
        nats?: string;
        dataDir?: string;
        warehouse?: string;
        untilIdle?: boolean;
        consumerPrefix: string;
        json?: boolean;
        quiet?: boolean;
      }) => {
        const nats = natsUrl(o.nats);
        const file = o.warehouse
          ? warehousePath(o.warehouse)
          : o.dataDir
            ? dataPaths(o.dataDir).warehouse
            : warehousePath();
        const wh = await Warehouse.open(file, `ironworks stream --nats ${nats}`);
        const say = (m: string) => {
          if (!o.quiet && !o.json) console.error(m);
        };
        let ing: StreamIngester | null = null;
        try {
          ing = await StreamIngester.start({
            nats,
            conn: wh.conn,
            consumerPrefix: o.consumerPrefix,
            log: say,
          });
          say(`stream: ${ing.consumers.length} consumers on ${nats} → ${file}`);
          let before = 0;
          const progress = setInterval(() => {
            const s = ing?.totals();
            if (!s) return;
            const rate = Math.round((s.events - before) / 5);
            before = s.events;
            const pending = ing?.lastStatus()?.streams.reduce((a, x) => a + x.pending + x.ackPending, 0) ?? 0;
            say(
              `  ${s.events.toLocaleString('en-US')} events committed (${rate.toLocaleString('en-US')}/s), ${s.quarantined} quarantined, ${pending.toLocaleString('en-US')} pending`,
            );
          }, 5000);
          progress.unref();
          if (o.untilIdle) await ing.waitIdle();
          else await untilSignal();
          clearInterval(progress);
          const totals = await ing.stop();
          ing = null;
          if (o.json) console.log(JSON.stringify({ nats, warehouse: file, ...totals }, null, 2));
          else
            console.log(
              `stream: ${totals.events.toLocaleString('en-US')} events committed (${totals.quarantined} quarantined) in ${totals.batches} batches`,
            );
        } finally {
          await ing?.stop().catch(() => {});
          await wh.close();
        }
      },
    );
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
