/**
 * The Control center's API (seed 001's four quadrants), each for one plant-local day:
 * `GET /api/control/floor` (machines), `/timeline` (state intervals and runs), `/health` (efficiency over all days,
 * the day's sensor hours), `/flow` (Sankey edges, product totals), `/quality` (data-quality summary
 * and event log). `?day=YYYY-MM-DD` (required) and `?factory=ID` (optional).
 * A table that does not exist yet gives null and a `note`, never zeros.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { NO_DATA, type Row } from '../query.ts';
import { day, id, limit, parse } from './params.ts';

const dayQuery = z.object({ day, factory: id.optional() });

const note = (...parts: (Row[] | Row | null)[]) => (parts.some((p) => p === null) ? NO_DATA : null);

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/control/floor', async (c) => {
    const p = parse(c, dayQuery);
    if (!p.ok) return p.response;
    const machines = await ctx.q.run('control_floor', { day: p.data.day, factory: p.data.factory ?? null });
    return c.json({ day: p.data.day, machines, note: note(machines) });
  });

  // Apart from the floor: the cards' numbers should not wait for thousands of intervals.
  app.get('/api/control/timeline', async (c) => {
    const p = parse(c, dayQuery);
    if (!p.ok) return p.response;
    const params = { day: p.data.day, factory: p.data.factory ?? null };
    const [states, production] = await Promise.all([
      ctx.q.run('control_states', params),
      ctx.q.run('control_production', params),
    ]);
    return c.json({ day: p.data.day, states, production, note: note(states, production) });
  });

  app.get('/api/control/health', async (c) => {
    const p = parse(c, dayQuery);
    if (!p.ok) return p.response;
    const [efficiency, sensors] = await Promise.all([
      ctx.q.run('control_efficiency', { factory: p.data.factory ?? null }),
      ctx.q.run('control_sensors', { day: p.data.day, factory: p.data.factory ?? null }),
    ]);
    return c.json({ day: p.data.day, efficiency, sensors, note: note(efficiency, sensors) });
  });

  app.get('/api/control/flow', async (c) => {
    const p = parse(c, dayQuery);
    if (!p.ok) return p.response;
    const params = { day: p.data.day, factory: p.data.factory ?? null };
    const [edges, products] = await Promise.all([
      ctx.q.run('control_flow', params),
      ctx.q.run('control_products', params),
    ]);
    return c.json({ day: p.data.day, edges, products, note: note(edges, products) });
  });

  app.get('/api/control/quality', async (c) => {
    const p = parse(c, dayQuery.extend({ limit: limit(2000, 300) }));
    if (!p.ok) return p.response;
    const params = { day: p.data.day, factory: p.data.factory ?? null };
    const [summary, events] = await Promise.all([
      ctx.q.one('control_dq_summary', params),
      ctx.q.run('control_dq_events', { ...params, limit: p.data.limit }),
    ]);
    return c.json({ day: p.data.day, summary, events, note: note(summary, events) });
  });
}
