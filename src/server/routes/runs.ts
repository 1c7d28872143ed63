/** Pipeline runs: the history, one run with its tasks, and POST to queue a backfill. */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { day, id, limit, parse } from './params.ts';

const runRequest = z.object({
  pipeline: z.enum(['daily', 'transform', 'monitor']).default('daily'),
  from: day.optional(),
  to: day.optional(),
  rerun: z.boolean().default(false),
});

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/runs', async (c) => {
    const p = parse(c, z.object({ limit: limit(1000, 50) }));
    if (!p.ok) return p.response;
    const rows = await ctx.q.run('runs_list', p.data);
    return c.json({ runs: rows ?? [] });
  });

  app.get('/api/runs/:runId', async (c) => {
    const p = parse(c, z.object({ runId: id }));
    if (!p.ok) return p.response;
    const run = await ctx.q.one('run_one', { run_id: p.data.runId });
    if (!run) return c.json({ error: `no run ${p.data.runId}` }, 404);
    const tasks = await ctx.q.run('run_tasks', { run_id: p.data.runId });
    return c.json({ run, tasks: tasks ?? [] });
  });

  app.post('/api/runs', async (c) => {
    const body = runRequest.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success)
      return c.json(
        { error: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') },
        400,
      );
    return c.json({ job: ctx.submitRuns(body.data) }, 202);
  });
}
