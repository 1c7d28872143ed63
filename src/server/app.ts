/**
 * The HTTP app of `ironworks serve`: the read-only API over gold and ops (routes/), the live feed,
 * run requests that queue work on the process owning the warehouse, and the built dashboard.
 */
import { Hono } from 'hono';
import type { ServerContext } from './context.ts';
import { routeModules } from './routes/index.ts';
import { staticHandler } from './static.ts';

export type { ServerContext } from './context.ts';

export function createApp(ctx: ServerContext): Hono {
  const app = new Hono();
  for (const m of routeModules) m.register(app, ctx);
  app.all('/api/*', (c) => c.json({ error: 'no such API route' }, 404));
  if (ctx.webRoot) {
    const serveWeb = staticHandler(ctx.webRoot);
    app.get('*', serveWeb);
    app.on('HEAD', '*', serveWeb);
  }
  app.onError((err, c) => {
    console.error(err);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
