/**
 * `npm start` from nothing: the demo simulates, runs every day, prints a green verify summary and
 * ends serving a URL that answers.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tmp.ts';

const BIN = fileURLToPath(new URL('../../../bin/ironworks.js', import.meta.url));
const dir = tempDir('demo');
afterAll(() => dir.remove());

it('goes from an empty data dir to a served URL and a green verify summary', async () => {
  const child = spawn(process.execPath, [BIN, 'demo', '--data-dir', dir.path, '--days', '3', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (b: Buffer) => {
    err += b.toString();
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      child.on('exit', (code) => reject(new Error(`demo exited ${code}\n${out}\n${err}`)));
    });
    expect(out).toMatch(/verify FACTORY-ALPHA: 3 day\(s\), [\d,]+ metrics compared/);
    expect(out).toMatch(/OK: [\d,]+ match, 0 differ/);
    expect(err).toMatch(/no drop in .*: simulating factorio/);
    expect(err).toMatch(/✓ publish/);
    const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    const runs = (await (await fetch(`${url}/api/runs`)).json()) as { runs: { status: string }[] };
    expect(runs.runs.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
}, 300_000);
