/**
 * Serves the built dashboard (`web/dist`) with a single-page-app fallback, and never anything
 * outside that folder: the raw request path (before URL normalization) is checked, and any `..`
 * segment, backslash, NUL or encoded form of those is refused with 400 rather than resolved.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, posix, resolve, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Decodes percent-escapes repeatedly (double encoding hides `..` too); null when malformed. */
function fullyDecoded(raw: string): string | null {
  let s = raw;
  for (let i = 0; i < 4; i++) {
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      return null;
    }
    if (d === s) return s;
    s = d;
  }
  return null; // still encoded after four rounds: nobody needs that
}

/** The safe relative file path of a request path, or null when it is an attempt to escape. */
export function safeRelative(rawPath: string): string | null {
  const decoded = fullyDecoded(rawPath);
  if (decoded === null) return null;
  if (/[\\\0]/.test(decoded) || decoded.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  const norm = posix.normalize(decoded).replace(/^\/+/, '');
  if (norm.startsWith('..')) return null;
  return norm;
}

/** A request handler for the dashboard at `root`. */
export function staticHandler(root: string) {
  const base = resolve(root);
  return (c: Context) => {
    // The raw path from Node, before the URL parser folds `/a/../b` into `/b`.
    const incoming = (c.env as { incoming?: { url?: string } } | undefined)?.incoming;
    const raw = (incoming?.url ?? new URL(c.req.url).pathname).split('?')[0] as string;
    const rel = safeRelative(raw);
    if (rel === null) return c.text('bad path', 400);
    if (!existsSync(base)) return c.text('the dashboard is not built: run `npm run build:web`', 503);
    let file = rel === '' ? join(base, 'index.html') : join(base, rel);
    let isFile = existsSync(file) && statSync(file).isFile();
    if (!isFile) {
      // Asset-looking paths 404; anything else is a client-side route of the app.
      if (extname(rel) !== '') return c.text('not found', 404);
      file = join(base, 'index.html');
      isFile = existsSync(file);
      if (!isFile) return c.text('the dashboard is not built: run `npm run build:web`', 503);
    }
    const real = realpathSync(file);
    if (real !== realpathSync(base) && !real.startsWith(realpathSync(base) + sep))
      return c.text('bad path', 400);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const immutable = rel.startsWith('assets/');
    return c.body(readFileSync(real), 200, {
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  };
}
