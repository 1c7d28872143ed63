/**
 * The e2e harness every dashboard test file shares: ONE demo warehouse and ONE web build per vitest
 * run (demo.ts); each file then serves its own copy of the warehouse (DuckDB
 * lets one process hold a file) on a free port, and drives Debian's Chromium through playwright-core.
 *
 * @example
 *   const empty = setupHarness({ empty: true }); // in a describe: hooks for its tests only
 *   it('says "no data"', async () => { await empty().open('/oee'); });
 *
 *   let h: Harness;
 *   beforeAll(async () => { h = await startHarness(); }, 600_000);
 *   afterAll(() => h?.close());
 *   it('shows the OEE', async () => {
 *     const page = await h.open('/oee');
 *     await h.screenshot(page, 'oee');
 *   });
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { tempDir } from '../helpers/tmp.ts';
import { builtWeb, demoDataDir, demoTruth } from './demo.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless with the flags this machine needs; a clear error when it is missing. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(
      `${executablePath} not found: the dashboard tests need Debian's Chromium (apt-get install chromium)`,
    );
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

export interface Harness {
  /** The shared demo data dir (raw_data, ground_truth, chaos; read only). */
  demoDir: string;
  /** This file's own data dir holding its copy of the warehouse. */
  dataDir: string;
  url: string;
  server: RunningServer;
  browser: Browser;
  /** Days in the demo, oldest first. */
  days: string[];
  /** The first factory with days ('' on an empty warehouse). */
  factory: string;
  /** GET an API path (`/api/...`), parsed JSON; throws on a non-2xx answer. */
  api<T = Record<string, unknown>>(path: string): Promise<T>;
  /** The truth file of a day. */
  truth(day: string): Record<string, unknown>;
  /** A new page opened at a dashboard route (`/control`), waiting until the page's root exists. */
  open(route: string, opts?: { waitFor?: string }): Promise<Page>;
  /** Saves a full-page screenshot to test/artifacts/<name>.png. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Serve an empty warehouse instead of the demo's. */
  empty?: boolean;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const webRoot = await builtWeb();
  const demoDir = await demoDataDir();
  const own = tempDir('e2e');
  if (!o.empty) copyFileSync(join(demoDir, 'warehouse.duckdb'), join(own.path, 'warehouse.duckdb'));
  const server = await startServer({
    dataDir: own.path,
    host: '127.0.0.1',
    port: 0,
    token: null,
    schedule: '',
    webRoot,
  });
  const browser = await launchChromium();
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}${path}`);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const dayRows = (await api<{ days: { day: string; factory_id: string }[] }>('/api/days')).days ?? [];
  const days = dayRows.map((d) => d.day);
  mkdirSync(ARTIFACTS, { recursive: true });
  const pages: Page[] = [];
  return {
    demoDir,
    dataDir: own.path,
    url: server.url,
    server,
    browser,
    days,
    factory: dayRows[0]?.factory_id ?? '',
    api,
    truth: (day) => demoTruth(demoDir, day),
    async open(route, opts = {}) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      pages.push(page);
      page.on('pageerror', (err) => console.error(`page error on ${route}: ${err.message}`));
      await page.goto(`${server.url}/#${route}`);
      await page.waitForSelector(opts.waitFor ?? `[data-testid="page-${route.replace(/^\//, '')}"]`);
      return page;
    },
    async screenshot(page, name) {
      const file = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      if (statSync(file).size === 0) throw new Error(`empty screenshot ${file}`);
      return file;
    },
    async close() {
      for (const p of pages) await p.close().catch(() => {});
      await browser.close();
      await server.close();
      own.remove();
    },
  };
}

/**
 * Starts a harness before the tests of the file (or of the describe it is called in) and closes it
 * after them; returns its getter (the harness exists once the tests run).
 */
export function setupHarness(o: HarnessOptions = {}): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(o);
  }, 600_000);
  afterAll(async () => {
    await h?.close();
  });
  return () => {
    if (!h) throw new Error('the harness has not started');
    return h;
  };
}
