/** `ironworks serve`: own the warehouse, run the schedule, serve the API (and later the dashboard). */
import type { Command } from 'commander';
import { DEFAULT_DATA_DIR } from '../pipeline/data-dir.ts';
import { startServer } from '../server/serve.ts';
import { ensureWebBuilt } from '../server/web-build.ts';
import { nonNegativeInt } from './options.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Hold the warehouse, run the schedule and serve the HTTP API on 127.0.0.1')
    .option('--data-dir <dir>', 'holds raw_data/, warehouse.duckdb, lake/', DEFAULT_DATA_DIR)
    .option('--host <host>', 'address to bind (anything but loopback needs --token)', '127.0.0.1')
    .option('--port <n>', 'port (0 = any free one)', nonNegativeInt('--port'), 8484)
    .option('--token <token>', 'require this bearer token on every API request')
    .option(
      '--schedule <cron>',
      'when to run the daily pipeline, in the plant\'s time zone ("" = never)',
      '0 9 * * *',
    )
    .option('--timezone <zone>', "time zone of the schedule (default: the plant's)")
    .option('--no-dashboard', 'serve the API only (no web/dist, no build)')
    .option('--nats <url>', 'also stream NATS JetStream into bronze (default: $IRONWORKS_NATS; none = off)')
    .action(
      async (o: {
        dataDir: string;
        host: string;
        port: number;
        token?: string;
        schedule: string;
        timezone?: string;
        dashboard: boolean;
        nats?: string;
      }) => {
        const loopback = ['127.0.0.1', 'localhost', '::1'].includes(o.host);
        if (!loopback && !o.token) {
          process.stderr.write(
            `error: --host ${o.host} exposes the API beyond this machine: give --token too\n`,
          );
          process.exitCode = 2;
          return;
        }
        if (!loopback)
          process.stderr.write(
            `warning: serving on ${o.host}: anyone who can reach it and has the token can start runs\n`,
          );
        if (o.dashboard) await ensureWebBuilt((l) => process.stderr.write(`${l}\n`));
        const s = await startServer({
          ...o,
          webRoot: o.dashboard ? undefined : null,
          token: o.token ?? null,
          nats: o.nats ?? process.env.IRONWORKS_NATS ?? null,
          log: (l) => process.stderr.write(`${l}\n`),
        });
        console.log(
          `ironworks serving ${s.wh.path} at ${s.url}${o.dashboard ? `  (dashboard: ${s.url}/)` : ''}`,
        );
        const stop = async () => {
          await s.close();
          process.exit(0);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      },
    );
}
