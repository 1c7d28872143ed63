/**
 * Reliability over a range of plant-local days:
 * - `GET /api/reliability?from=D&to=D[&factory=F]`: MTBF (ISO 22400: operating time between
 *   failures) and MTTR per factory, machine and day, summed then divided once, and the failures
 *   that started in the range.
 * - `GET /api/reliability/timeline?from=D&to=D[&factory=F][&machine=M][&limit=N]`: the machine state
 *   intervals for the state timeline, columnar (`machines`, `states`, then `intervals` as
 *   `[machine index, state index, start ms, end ms, reason]`); at most 31 days; `truncated` when the
 *   limit cut them.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { NO_DATA } from '../query.ts';
import { rollup } from './oee.ts';
import { day, id, limit, parse } from './params.ts';

const DAY_MS = 86_400_000;
const MAX_TIMELINE_DAYS = 31;
const span = (r: { from: string; to: string }) => (Date.parse(r.to) - Date.parse(r.from)) / DAY_MS + 1;

const range = { factory: id.optional(), from: day, to: day };
const ordered = { message: 'from must not be after to', path: ['to'] };

const timelineQuery = z
  .object({ ...range, machine: id.optional(), limit: limit(100_000, 20_000) })
  .refine((r) => r.from <= r.to, ordered)
  .refine((r) => span(r) <= MAX_TIMELINE_DAYS, {
    message: `at most ${MAX_TIMELINE_DAYS} days`,
    path: ['from'],
  });

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/reliability', async (c) => {
    const r = await rollup(c, ctx, 'reliability_rollup');
    if (r instanceof Response) return r;
    const { factory, from, to } = r.head;
    const failures = await ctx.q.run('reliability_failures', {
      factory,
      machine: null,
      from,
      to,
      limit: 1000,
    });
    return c.json({
      ...r.head,
      total: r.total,
      machines: r.at('machine'),
      days: r.at('day'),
      failures: failures ?? [],
    });
  });

  app.get('/api/reliability/timeline', async (c) => {
    const p = parse(c, timelineQuery);
    if (!p.ok) return p.response;
    const { from, to } = p.data;
    // One row more than asked tells whether the limit cut the answer.
    const rows = await ctx.q.run('reliability_timeline', {
      factory: p.data.factory ?? null,
      machine: p.data.machine ?? null,
      from,
      to,
      limit: p.data.limit + 1,
    });
    const kept = (rows ?? []).slice(0, p.data.limit);
    // Columnar and indexed: a large plant's day is ~10k intervals, so names are sent once.
    const machines = [...new Set(kept.map((r) => r.machine_id as string))];
    const states = [...new Set(kept.map((r) => r.state as string))];
    const mi = new Map(machines.map((m, i) => [m, i]));
    const si = new Map(states.map((x, i) => [x, i]));
    return c.json({
      from,
      to,
      note: rows === null ? NO_DATA : kept.length === 0 ? 'no data for these days' : null,
      truncated: (rows?.length ?? 0) > p.data.limit,
      machines,
      states,
      /** [machine index, state index, start epoch ms, end epoch ms, reason] */
      intervals: kept.map((r) => [
        mi.get(r.machine_id as string),
        si.get(r.state as string),
        r.start_ms,
        r.end_ms,
        r.reason ?? null,
      ]),
    });
  });
}
