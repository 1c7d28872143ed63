/**
 * What the dashboard's e2e and server tests share per vitest run: ONE demo data dir (factorio,
 * DEMO_DAYS days, made by the real CLI) and ONE web build, made by whichever test file gets there
 * first while the others wait on a lock dir. Test files copy the warehouse (DuckDB lets one process
 * hold a file) with `copyDemoWarehouse`.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuilt } from '../../src/server/web-build.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'ironworks.js');
export const DEMO_DAYS = 5;

/** Waits for and takes a lock dir; returns its release. Stale locks (dead owner) are broken. */
async function lock(path: string): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'pid'), String(process.pid));
      return () => rmSync(path, { recursive: true, force: true });
    } catch {
      const owner = Number(readFileSync(join(path, 'pid'), 'utf8').trim() || 0);
      if (owner && !alive(owner)) rmSync(path, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The shared demo data dir of this vitest run (the workers share their parent's pid), made once.
 * IRONWORKS_E2E_DATA_DIR points at an existing one instead (to iterate on a test quickly).
 */
export async function demoDataDir(): Promise<string> {
  const fixed = process.env.IRONWORKS_E2E_DATA_DIR;
  if (fixed) return fixed;
  const dir = join(tmpdir(), `ironworks-e2e-${process.ppid}`);
  removeStaleDemos();
  const done = join(dir, '.e2e-ready');
  if (existsSync(done)) return dir;
  const release = await lock(`${dir}.lock`);
  try {
    if (!existsSync(done)) {
      rmSync(dir, { recursive: true, force: true });
      const r = spawnSync(
        process.execPath,
        [BIN, 'demo', '--data-dir', dir, '--days', String(DEMO_DAYS), '--no-serve'],
        { encoding: 'utf8', timeout: 600_000 },
      );
      if (r.status !== 0) throw new Error(`demo failed (${r.status}):\n${r.stderr.slice(-2000)}`);
      writeFileSync(done, new Date().toISOString());
    }
  } finally {
    release();
  }
  return dir;
}

/** Demo dirs of earlier vitest runs (their parent process is gone). */
function removeStaleDemos(): void {
  for (const name of readdirSync(tmpdir())) {
    const m = /^ironworks-e2e-(\d+)$/.exec(name);
    if (m && Number(m[1]) !== process.ppid && !alive(Number(m[1])))
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/** Builds web/dist when it is older than web/ (ensureWebBuilt locks: one build at a time). */
export async function builtWeb(): Promise<string> {
  if (!(await ensureWebBuilt())) throw new Error('could not build the dashboard (see vite output)');
  return join(ROOT, 'web', 'dist');
}

/** Copies the demo's warehouse into `dir` (a data dir of the caller's own). */
export async function copyDemoWarehouse(dir: string): Promise<string> {
  const demo = await demoDataDir();
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(demo, 'warehouse.duckdb'), join(dir, 'warehouse.duckdb'));
  return demo;
}

/** The truth file of a demo day. */
export function demoTruth(demoDir: string, day: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(demoDir, 'ground_truth', day, 'truth.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}
