/**
 * The dashboard's build: `web/dist` is made by Vite from `web/`. `ensureWebBuilt` rebuilds it when it
 * is missing or older than any source file, so `npm ci && npm start` works on a fresh clone.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_DIR = join(ROOT, 'web');

/** Where the built dashboard lives. */
export function webDist(): string {
  return join(WEB_DIR, 'dist');
}

/** Newest modification time of the files under `path` (directories' own times change on renames). */
function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'dist' || name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** True when web/dist is missing or any file under web/ (but dist) is newer than its index.html. */
export function webIsStale(): boolean {
  const index = join(webDist(), 'index.html');
  if (!existsSync(index)) return true;
  return newestMtime(WEB_DIR) > statSync(index).mtimeMs;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** One build at a time across processes (a demo and a test may start together): a lock dir. */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = join(WEB_DIR, '.build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(existsSync(join(lock, 'pid')) ? readFileSync(join(lock, 'pid'), 'utf8') : 0);
      if (owner && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds the dashboard with Vite's JS API when stale; returns false (and says why) if it cannot.
 * The build goes to a temporary folder that then replaces web/dist, so a server never sees half of it.
 */
export async function ensureWebBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (!existsSync(WEB_DIR)) return false;
  if (!webIsStale()) return true;
  return withBuildLock(async () => {
    if (!webIsStale()) return true; // another process built it while we waited
    log('building the dashboard (vite build web) …');
    const t0 = performance.now();
    const tmp = join(WEB_DIR, `.dist-${process.pid}`);
    try {
      const { build } = await import('vite');
      // A production bundle even when called under vitest (NODE_ENV=test would give React's dev
      // build: several times slower, and effects run twice).
      const env = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({
          configFile: join(WEB_DIR, 'vite.config.ts'),
          root: WEB_DIR,
          mode: 'production',
          logLevel: 'warn',
          build: { outDir: tmp, emptyOutDir: true },
        });
      } finally {
        if (env === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = env;
      }
      const old = join(WEB_DIR, `.dist-old-${process.pid}`);
      if (existsSync(webDist())) renameSync(webDist(), old);
      renameSync(tmp, webDist());
      rmSync(old, { recursive: true, force: true });
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      log(`could not build the dashboard: ${(err as Error).message}; serving the API only`);
      return false;
    }
    log(`dashboard built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return true;
  });
}
