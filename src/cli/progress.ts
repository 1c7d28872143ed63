/**
 * Progress for long work, on stderr so stdout stays clean for `--json`: a bar on a terminal, a line
 * per step otherwise (CI logs), nothing with --quiet.
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  tick(label: string): void;
  stop(): void;
}

export function progress(total: number, what: string, quiet: boolean): Progress {
  if (quiet) return { tick() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format: `${what} [{bar}] {value}/{total} {label}`,
      hideCursor: true,
      clearOnComplete: true,
    });
    bar.start(total, 0, { label: '' });
    return {
      tick: (label) => bar.increment(1, { label }),
      stop: () => bar.stop(),
    };
  }
  let n = 0;
  return {
    tick: (label) => {
      n++;
      process.stderr.write(`${what} ${n}/${total} ${label}\n`);
    },
    stop() {},
  };
}
