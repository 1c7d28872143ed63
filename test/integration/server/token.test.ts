/**
 * `ironworks serve --host`: anything but loopback needs --token (exit 2 without it), prints a
 * warning, and then every API request needs the token (bearer header, or `?token=` on GET).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

const BIN = fileURLToPath(new URL('../../../bin/ironworks.js', import.meta.url));
const dir = tempDir('token');
const TOKEN = 's3cret-token';
let child: ChildProcess;
let url: string;
let stderr = '';

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [
      BIN,
      'serve',
      '--data-dir',
      dir.path,
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--token',
      TOKEN,
      '--schedule',
      '',
      '--no-dashboard',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /serving .* at http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out} ${stderr}`)));
  });
  url = `http://127.0.0.1:${port}`;
}, 120_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
  dir.remove();
});

describe('serve --host', () => {
  it('refuses a non-loopback host without --token (exit 2)', () => {
    const other = tempDir('token-none');
    try {
      const r = cli([
        'serve',
        '--data-dir',
        other.path,
        '--host',
        '0.0.0.0',
        '--port',
        '0',
        '--schedule',
        '',
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--host 0\.0\.0\.0 exposes the API .* give --token/);
    } finally {
      other.remove();
    }
  });

  it('warns when exposed', () => {
    expect(stderr).toMatch(/warning: serving on 0\.0\.0\.0/);
  });

  it('needs the token on every API request', async () => {
    for (const path of [
      '/api/health',
      '/api/runs',
      '/api/kpis/latest',
      '/api/stream',
      '/api/control/floor?day=2025-12-01',
    ])
      expect((await fetch(`${url}${path}`)).status, path).toBe(401);
    expect((await fetch(`${url}/api/health`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
    expect((await fetch(`${url}/api/health?token=wrong`)).status).toBe(401);
    const post = await fetch(`${url}/api/runs?token=${TOKEN}`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(401); // a query token is for GET (EventSource) only
    expect((await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      200,
    );
    expect((await fetch(`${url}/api/health?token=${TOKEN}`)).status).toBe(200);
  });
});
