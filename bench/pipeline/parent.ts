/** The parent's side: spawning the simulator and the children, reading their JSON lines. */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DoneLine, Line, StageLine } from './protocol.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const CHILD = join(HERE, 'child.ts');

export interface ChildRun {
  stages: Map<string, StageLine>;
  done: DoneLine;
  processSeconds: number;
}

export function runChild(args: string[]): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['bin/run-ts.js', CHILD, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const stages = new Map<string, StageLine>();
    let done: DoneLine | null = null;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const text = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
        let line: Line;
        try {
          line = JSON.parse(text) as Line;
        } catch {
          process.stderr.write(`    (child) ${text}\n`);
          continue;
        }
        if (line.kind === 'done') done = line;
        else stages.set(line.stage, line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || done === null)
        reject(
          new Error(
            `pipeline child ${args[0]} exited with ${code} after stages: ${[...stages.keys()].join(', ')}`,
          ),
        );
      else resolvePromise({ stages, done, processSeconds: (performance.now() - t0) / 1000 });
    });
  });
}

export function simulateLarge(days: number, out: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ['bin/ironworks.js', 'simulate', '--scenario', 'large', '--days', String(days), '--out', out, '-q'],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolvePromise((performance.now() - t0) / 1000)
        : reject(new Error(`simulate exited ${code}`)),
    );
  });
}

export function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}
