/**
 * A real nats-server for a test: free ports, a temporary JetStream store, MQTT listener on. Restart
 * keeps the store (a broker restart loses nothing that was acknowledged).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NATS_BIN = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find(
  (p) => existsSync(p),
);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nats-server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface NatsServer {
  /** `nats://127.0.0.1:<port>` */
  url: string;
  /** `mqtt://127.0.0.1:<port>` */
  mqttUrl: string;
  storeDir: string;
  /** Stops the server (SIGTERM, then waits); the store stays. */
  stop(): Promise<void>;
  /** Stops and starts again on the same ports and store. */
  restart(): Promise<void>;
  /** Stops and removes the store. */
  dispose(): Promise<void>;
}

export async function startNats(opts: { mqtt?: boolean } = {}): Promise<NatsServer> {
  if (!NATS_BIN) throw new Error('nats-server not found (apt-get install nats-server)');
  const dir = mkdtempSync(join(tmpdir(), 'ironworks-nats-'));
  const storeDir = join(dir, 'store');
  mkdirSync(storeDir);
  const port = await freePort();
  const mqttPort = await freePort();
  const conf = join(dir, 'nats.conf');
  // MQTT needs a server name and JetStream (its sessions and QoS 1 live in streams).
  writeFileSync(
    conf,
    [
      `server_name: ironworks_test_${port}`,
      `listen: 127.0.0.1:${port}`,
      `jetstream { store_dir: "${storeDir}" }`,
      opts.mqtt === false ? '' : `mqtt { listen: 127.0.0.1:${mqttPort} }`,
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const start = async () => {
    const c = spawn(NATS_BIN as string, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    c.stderr?.on('data', (d: Buffer) => {
      if (log.length < 20000) log += d.toString();
    });
    child = c;
    try {
      await waitForPort(port, 10_000);
      if (opts.mqtt !== false) await waitForPort(mqttPort, 10_000);
    } catch (err) {
      c.kill('SIGKILL');
      throw new Error(`${(err as Error).message}\n${log}`);
    }
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => c.kill('SIGKILL'), 5000);
      c.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      c.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    storeDir,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
