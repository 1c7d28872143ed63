/**
 * The dashboard while the factory runs live: a real nats-server, `serve --nats` ingesting, and
 * `simulate --live` publishing in scaled time. The live strip must show throughput and lag that
 * agree with the server's /api/stream, and bronze must fill while the page watches.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { type NatsServer, startNats } from '../helpers/nats.ts';
import { tempDir } from '../helpers/tmp.ts';
import { builtWeb } from './demo.ts';
import { ARTIFACTS, launchChromium } from './harness.ts';

const BIN = resolve(fileURLToPath(new URL('../../bin/ironworks.js', import.meta.url)));

interface StreamBody {
  stream: {
    streams: Array<{ table: string; committedSeq: number; eventsPerSec: number; pending: number }>;
  } | null;
}

let nats: NatsServer;
let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let browser: Browser;
let sim: ChildProcess | null = null;

beforeAll(async () => {
  const webRoot = await builtWeb();
  nats = await startNats({ mqtt: false });
  dir = tempDir('e2e-live');
  server = await startServer({
    dataDir: join(dir.path, 'data'),
    host: '127.0.0.1',
    port: 0,
    token: null,
    schedule: '',
    webRoot,
    nats: nats.url,
  });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  if (sim && sim.exitCode === null) sim.kill('SIGKILL');
  await browser?.close();
  await server?.close();
  await nats?.dispose();
  dir?.remove();
});

const streamStatus = async (): Promise<StreamBody['stream']> =>
  ((await (await fetch(`${server.url}/api/stream`)).json()) as StreamBody).stream;

it('shows live throughput and lag while a live simulation publishes', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${server.url}/#/control`);
  await page.waitForSelector('[data-testid="live-strip"]');

  // 1000× is a day in ~86 s of wall time: long enough to watch, and we stop it once seen.
  sim = spawn(
    process.execPath,
    [BIN, 'simulate', '--live', '--speed', '1000', '--scenario', 'widgets', '--days', '1', '--seed', '3'],
    { env: { ...process.env, IRONWORKS_NATS: nats.url }, cwd: dir.path, stdio: 'ignore' },
  );

  // The strip appears with a throughput above zero once events flow through the ingester.
  const throughput = page.locator('[data-testid="stream-throughput"]');
  await expect
    .poll(async () => Number((await throughput.getAttribute('data-value').catch(() => null)) || 0), {
      timeout: 60_000,
      interval: 250,
    })
    .toBeGreaterThan(0);
  const lag = page.locator('[data-testid="stream-lag"]');
  expect(await lag.getAttribute('data-value')).toMatch(/^\d+(\.\d+)?$/);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'live-stream.png'), fullPage: true });

  // What the strip shows comes from the server's status: the same consumers, committing.
  const status = await streamStatus();
  expect(status?.streams.length).toBeGreaterThan(0);
  const committed = status?.streams.reduce((a, s) => a + s.committedSeq, 0) ?? 0;
  expect(committed).toBeGreaterThan(0);

  // Once the publisher stops, the ingester drains: nothing stays pending and the strip says so.
  sim.kill('SIGTERM');
  await new Promise((r) => sim?.once('exit', r));
  await expect
    .poll(async () => (await streamStatus())?.streams.reduce((a, s) => a + s.pending, 0), {
      timeout: 30_000,
      interval: 250,
    })
    .toBe(0);
  await expect
    .poll(async () => page.locator('[data-testid="stream-pending"]').getAttribute('data-value'), {
      timeout: 30_000,
      interval: 250,
    })
    .toBe('0');
  await page.close();
}, 180_000);
