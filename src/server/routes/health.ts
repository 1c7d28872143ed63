/** `GET /api/health`: is the server up, which warehouse it holds, is it busy. */
import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/health', (c) =>
    c.json({
      status: 'ok',
      warehouse: ctx.wh.path,
      dataDir: ctx.dataDir,
      pid: process.pid,
      since: ctx.startedAt,
      busy: !ctx.jobs.idle,
    }),
  );
}
