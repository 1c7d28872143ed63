/** `GET /api/kpis/latest` (newest day's machine KPIs) and `GET /api/days` (days gold holds). */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { NO_DATA } from '../query.ts';
import { id, parse } from './params.ts';

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/kpis/latest', async (c) => {
    const p = parse(c, z.object({ factory: id.optional() }));
    if (!p.ok) return p.response;
    const rows = await ctx.q.run('kpis_latest', { factory: p.data.factory ?? null });
    return c.json({ kpis: rows ?? [], note: rows === null ? NO_DATA : null });
  });

  app.get('/api/days', async (c) => {
    const rows = await ctx.q.run('days');
    return c.json({ days: rows ?? [], note: rows === null ? NO_DATA : null });
  });
}
