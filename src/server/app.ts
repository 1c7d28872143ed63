/**
 * The HTTP API of `ironworks serve`: read-only views of runs and KPIs, and run/backfill requests that
 * queue work on the process owning the warehouse. Parameters are validated (zod); SQL is never built
 * from request text except through literals of validated values.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { literal } from '../lake/sql.ts';
import type { Warehouse } from '../lake/warehouse.ts';
import type { JobQueue } from './jobs.ts';

export interface ServerContext {
  wh: Warehouse;
  jobs: JobQueue;
  dataDir: string;
  startedAt: string;
  /** Starts a backfill job; returns its id. */
  submitRuns(params: { pipeline: string; from?: string; to?: string; rerun?: boolean }): string;
  token: string | null;
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const runRequest = z.object({
  pipeline: z.enum(['daily', 'transform', 'monitor']).default('daily'),
  from: day.optional(),
  to: day.optional(),
  rerun: z.boolean().default(false),
});

const json = (v: unknown) =>
  JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));

async function safeQuery(wh: Warehouse, sql: string): Promise<Record<string, unknown>[] | null> {
  try {
    return json((await wh.conn.runAndReadAll(sql)).getRowObjectsJson());
  } catch (err) {
    // A table that does not exist yet (no build so far) is "no data", not a server error.
    if (/does not exist|not found/i.test((err as Error).message)) return null;
    throw err;
  }
}

export function createApp(ctx: ServerContext): Hono {
  const app = new Hono();

  app.use('/api/*', async (c, next) => {
    if (ctx.token && c.req.method !== 'GET' && c.req.header('authorization') !== `Bearer ${ctx.token}`) {
      return c.json({ error: 'a bearer token is required for this request' }, 401);
    }
    if (
      ctx.token &&
      c.req.method === 'GET' &&
      c.req.header('authorization') !== `Bearer ${ctx.token}` &&
      c.req.query('token') !== ctx.token
    ) {
      return c.json({ error: 'a bearer token is required' }, 401);
    }
    await next();
  });

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

  app.get('/api/runs', async (c) => {
    const limit = z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(50)
      .safeParse(c.req.query('limit') ?? undefined);
    if (!limit.success) return c.json({ error: 'limit must be a whole number from 1 to 1000' }, 400);
    const rows = await safeQuery(
      ctx.wh,
      `SELECT run_id, pipeline, logical_date::VARCHAR AS day, status, started_at::VARCHAR AS started_at, seconds, error_message
       FROM ops.pipeline_runs ORDER BY started_at DESC LIMIT ${limit.data}`,
    );
    return c.json({ runs: rows ?? [] });
  });

  app.get('/api/runs/:runId', async (c) => {
    const id = z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_:.-]+$/)
      .safeParse(c.req.param('runId'));
    if (!id.success) return c.json({ error: 'not a run id' }, 400);
    const run = await safeQuery(ctx.wh, `SELECT * FROM ops.pipeline_runs WHERE run_id = ${literal(id.data)}`);
    if (!run || run.length === 0) return c.json({ error: `no run ${id.data}` }, 404);
    const tasks = await safeQuery(
      ctx.wh,
      `SELECT * FROM ops.task_runs WHERE run_id = ${literal(id.data)} ORDER BY started_at`,
    );
    return c.json({ run: run[0], tasks: tasks ?? [] });
  });

  app.get('/api/kpis/latest', async (c) => {
    const rows = await safeQuery(
      ctx.wh,
      `SELECT * FROM gold.oee_machine_daily WHERE event_date = (SELECT max(event_date) FROM gold.oee_machine_daily) ORDER BY ALL`,
    );
    return c.json({ kpis: rows ?? [], note: rows === null ? 'no data: gold has not been built yet' : null });
  });

  app.post('/api/runs', async (c) => {
    const body = runRequest.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success)
      return c.json(
        { error: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') },
        400,
      );
    const id = ctx.submitRuns(body.data);
    return c.json({ job: id }, 202);
  });

  app.get('/api/jobs/:id', (c) => {
    const job = ctx.jobs.get(c.req.param('id'));
    if (!job) return c.json({ error: 'no such job' }, 404);
    return c.json(json(job));
  });

  app.get('/api/jobs', (c) => c.json({ jobs: json(ctx.jobs.list().map(({ log: _log, ...j }) => j)) }));

  return app;
}
