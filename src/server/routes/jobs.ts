/** Jobs the server runs for others (backfills from a CLI or the schedule). */
import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { toJson } from '../json.ts';

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/jobs/:id', (c) => {
    const job = ctx.jobs.get(c.req.param('id'));
    if (!job) return c.json({ error: 'no such job' }, 404);
    return c.json(toJson(job));
  });

  app.get('/api/jobs', (c) => c.json({ jobs: toJson(ctx.jobs.list().map(({ log: _log, ...j }) => j)) }));
}
