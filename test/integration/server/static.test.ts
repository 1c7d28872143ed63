/**
 * The dashboard's static files: served from the web root with an SPA fallback; path-traversal
 * attempts (dot segments raw, encoded, double-encoded, backslashes, NUL, overlong UTF-8, a symlink
 * out of the root) get 4xx and never a byte of a file outside the root.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeRelative } from '../../../src/server/static.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { type ApiServer, startApiServer } from './server.ts';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';
const dir = tempDir('static');
let s: ApiServer;

beforeAll(async () => {
  const root = join(dir.path, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>dash</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir.path, 'secret.txt'), SECRET);
  writeFileSync(join(dir.path, 'secret.js'), SECRET);
  symlinkSync(join(dir.path, 'secret.js'), join(root, 'assets', 'leak.js'));
  s = await startApiServer({ empty: true, webRoot: root });
}, 120_000);
afterAll(async () => {
  await s?.close();
  dir.remove();
});

const ATTACKS = [
  '/../secret.txt',
  '/assets/../../secret.txt',
  '/..%2fsecret.txt',
  '/%2e%2e/secret.txt',
  '/%2e%2e%2fsecret.txt',
  '/%2E%2E/%2E%2E/secret.txt',
  '/%252e%252e/secret.txt',
  '/%25252e%25252e/secret.txt',
  '/assets/..%5c..%5csecret.txt',
  '/assets\\..\\..\\secret.txt',
  '/index.html%00.js',
  '/%00',
  '/%c0%ae%c0%ae/secret.txt',
  '/./index.html',
  '/assets/%2e/app.js',
  '/assets/leak.js',
  `/${'..%2f'.repeat(12)}etc/passwd`,
];

describe('static files', () => {
  it('serves the app, its assets, and index.html for client routes', async () => {
    const index = await s.raw('/');
    expect([index.status, index.type]).toEqual([200, 'text/html; charset=utf-8']);
    expect(index.text).toContain('<title>dash</title>');
    const js = await s.raw('/assets/app.js');
    expect([js.status, js.type]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await s.raw('/control')).text).toContain('<title>dash</title>');
    expect((await s.raw('/assets/missing.js')).status).toBe(404);
    expect((await s.raw('/api/missing')).status).toBe(404);
  });

  it.each(ATTACKS)('refuses %s with 4xx and no outside bytes', async (path) => {
    const r = await s.raw(path);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.text).not.toContain(SECRET);
    expect(r.text).not.toContain('root:');
  });

  it('safeRelative keeps plain paths and refuses escapes', () => {
    expect(safeRelative('/assets/app.js')).toBe('assets/app.js');
    expect(safeRelative('/')).toBe('');
    for (const p of ['/..', '/a/../..', '/%2e%2e', '/a%5cb', '/a%00', '/%E0%A4%A'])
      expect(safeRelative(p)).toBeNull();
  });
});
