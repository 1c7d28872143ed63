/**
 * The `ironworks` command line: one file per command, each thin over the core it calls.
 * Exit codes: 0 success, 1 the work failed, 2 the command was used wrongly (bad flags or config).
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors.ts';
import { registerSimulate } from './simulate.ts';

const program = new Command()
  .name('ironworks')
  .description('A manufacturing data platform: simulate a factory, land its data, model it, prove it.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerSimulate(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof ConfigError) {
    console.error(`error: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.IRONWORKS_DEBUG && err instanceof Error) console.error(err.stack);
    process.exitCode = 1;
  }
}
