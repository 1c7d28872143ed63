/**
 * Reliability over a range of plant-local days:
 * - `GET /api/reliability?from=D&to=D[&factory=F]`: MTBF (ISO 22400: operating time between
 *   failures) and MTTR per factory, machine and day, summed then divided once, and the failures
 *   that started in the range.
 * - `GET /api/reliability/timeline?from=D&to=D[&factory=F][&machine=M][&offset=N][&machines=N][&limit=N]`:
 *   the state timeline of one page of machines (by id: `machines` of them from `offset`, 20 by
 *   default, at most 100, as the page shows them), at most 31 days. Per machine, parallel lists of
 *   state index, start and end (seconds from `base`, epoch ms; routes/timeline.ts); an interval cut
 *   at shift or day boundaries comes back whole. `machineCount` says how many pages there are;
 *   `truncated` when `limit` cut intervals.
 */
import type { Hono } from 'hono';
import { daysBetween } from '../../contracts/plant-time.ts';
import type { ServerContext } from '../context.ts';
import { NO_DATA } from '../query.ts';
import { id, limit, offset, parse, rangeOf } from './params.ts';
import { rollup } from './rollup.ts';
import { glueTimeline } from './timeline.ts';

const MAX_TIMELINE_DAYS = 31;
const span = (r: { from: string; to: string }) => daysBetween(r.from, r.to) + 1;

/** Machines per timeline page: what the page draws at once. */
export const TIMELINE_MACHINES = 20;

const timelineQuery = rangeOf({
  machine: id.optional(),
  offset,
  machines: limit(100, TIMELINE_MACHINES),
  limit: limit(100_000, 20_000),
}).refine((r) => span(r as { from: string; to: string }) <= MAX_TIMELINE_DAYS, {
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
    const { from, to, offset, machines } = p.data;
    const cols = await ctx.q.columns('reliability_timeline', {
      factory: p.data.factory ?? null,
      machine: p.data.machine ?? null,
      from,
      to,
      offset,
      machines,
    });
    const t = cols ? glueTimeline(cols, p.data.limit) : null;
    return c.json({
      from,
      to,
      note: t === null ? NO_DATA : t.machines.length ? null : 'no data for these days',
      offset,
      ...(t ?? { machineCount: 0, base: null, end: null, states: [], machines: [], truncated: false }),
    });
  });
}
