/**
 * The Pipeline page's API: `GET /api/pipeline/runs` (runs with their tasks), `/loads` (raw load
 * audit), `/dq` (data-quality results), `/verify` (truth vs gold and chaos scores), `/lineage`
 * (the model graph: sources → staging → intermediate → marts).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { lineage } from '../../transform/lineage.ts';
import { loadProject } from '../../transform/project.ts';
import type { ServerContext } from '../context.ts';
import { NO_DATA, type Row } from '../query.ts';
import { day, id, limit, parse } from './params.ts';

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/pipeline/runs', async (c) => {
    const p = parse(c, z.object({ limit: limit(500, 30) }));
    if (!p.ok) return p.response;
    const [runs, tasks] = await Promise.all([
      ctx.q.run('runs_list', p.data),
      ctx.q.run('pipeline_tasks', p.data),
    ]);
    return c.json({ runs, tasks, note: runs === null ? NO_DATA : null });
  });

  app.get('/api/pipeline/loads', async (c) => {
    const p = parse(c, z.object({ day: day.optional(), limit: limit(5000, 200) }));
    if (!p.ok) return p.response;
    const [loads, totals] = await Promise.all([
      ctx.q.run('pipeline_loads', { day: p.data.day ?? null, limit: p.data.limit }),
      ctx.q.run('pipeline_load_totals'),
    ]);
    return c.json({ loads, totals, note: loads === null ? NO_DATA : null });
  });

  app.get('/api/pipeline/dq', async (c) => {
    const p = parse(c, z.object({ invocation: id.optional(), limit: limit(5000, 500) }));
    if (!p.ok) return p.response;
    const [runs, checks] = await Promise.all([
      ctx.q.run('pipeline_dq_runs', { limit: 60 }),
      ctx.q.run('pipeline_dq_checks', { invocation: p.data.invocation ?? null, limit: p.data.limit }),
    ]);
    return c.json({ runs, checks, note: runs === null ? NO_DATA : null });
  });

  // The summary and chaos scores change only when verify runs: keep them until the version moves.
  let verifyMemo: { version: string; summary: Row[] | null; chaos: Row[] | null } | null = null;
  app.get('/api/pipeline/verify', async (c) => {
    const p = parse(c, z.object({ day: day.optional(), limit: limit(5000, 300) }));
    if (!p.ok) return p.response;
    const [v, rows] = await Promise.all([
      ctx.q.one('pipeline_verify_version'),
      ctx.q.run('pipeline_verify_rows', { day: p.data.day ?? null, limit: p.data.limit }),
    ]);
    const version = JSON.stringify(v);
    if (verifyMemo?.version !== version) {
      const [summary, chaos] = await Promise.all([ctx.q.run('pipeline_verify'), ctx.q.run('pipeline_chaos')]);
      verifyMemo = { version, summary, chaos };
    }
    const { summary, chaos } = verifyMemo;
    return c.json({ summary, rows, chaos, note: summary === null ? NO_DATA : null });
  });

  // The models on disk do not change while the server runs: read them once.
  let graph: ReturnType<typeof lineage> | null = null;
  app.get('/api/pipeline/lineage', (c) => {
    graph ??= lineage(loadProject());
    return c.json(graph);
  });
}
