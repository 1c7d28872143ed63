/**
 * The `ironworks` command line: one file per command, each thin over the core it calls.
 * Exit codes: 0 success, 1 the work failed, 2 the command was used wrongly (bad flags, config or
 * paths), 3 the warehouse is held by another process.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors.ts';
import { WarehouseBusyError } from '../lake/ownership.ts';
import { TruthError } from '../quality/truth-files.ts';
import { SourceDirError } from '../sources/discover.ts';
import { ProjectError } from '../transform/project.ts';
import { TestSpecError } from '../transform/tests.ts';
import { registerBuild } from './build.ts';
import { registerDemo } from './demo.ts';
import { registerIngest } from './ingest.ts';
import { registerRun } from './run.ts';
import { registerServe } from './serve.ts';
import { registerSimulate } from './simulate.ts';
import { registerStream } from './stream.ts';
import { registerVerify } from './verify.ts';

// `ironworks … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const program = new Command()
  .name('ironworks')
  .description('A manufacturing data platform: simulate a factory, land its data, model it, prove it.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerSimulate(program);
registerIngest(program);
registerBuild(program);
registerRun(program);
registerServe(program);
registerStream(program);
registerVerify(program);
registerDemo(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof WarehouseBusyError) {
    console.error(`error: ${err.message}`);
    process.exitCode = 3;
  } else if (
    err instanceof ConfigError ||
    err instanceof SourceDirError ||
    err instanceof ProjectError ||
    err instanceof TestSpecError ||
    err instanceof TruthError
  ) {
    console.error(`error: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.IRONWORKS_DEBUG && err instanceof Error) console.error(err.stack);
    process.exitCode = 1;
  }
}
