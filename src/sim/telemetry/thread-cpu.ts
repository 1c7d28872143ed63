/**
 * CPU seconds of the calling thread (user + system), from Linux's /proc/thread-self; null where
 * there is none. Node 20 has no per-thread CPU clock, and a worker's time is what tells whether
 * the threads share the work well (benchmarks, `simulate --json`).
 */
import { readFileSync } from 'node:fs';

export function threadCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}
