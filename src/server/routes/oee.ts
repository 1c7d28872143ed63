/**
 * OEE over a range of plant-local days; times and counts are summed in SQL and divided once, a ratio
 * whose denominator is 0 is null ("no data"), never 0.
 * - `GET /api/oee?from=D&to=D[&factory=F]`: factory, machine, shift and machine × shift
 *   (`sql/oee_rollup.sql`) and the ISO 22400 loss waterfall of the range.
 * - `GET /api/oee/trend?from=D&to=D[&factory=F]`: the factory per day and over the range
 *   (`sql/oee_trend.sql`).
 * `rangeQuery` and `rollup` serve the reliability, quality and widgets routes too.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { NO_DATA, type Row } from '../query.ts';
import { day, id, parse } from './params.ts';

/** `from`, `to` (plant-local days, inclusive) and an optional `factory`: the range every page asks for. */
export const rangeQuery = z
  .object({ factory: id.optional(), from: day, to: day })
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] });

export interface WaterfallStep {
  key: string;
  label: string;
  /** total: a bar from 0 (planned time, fully productive time); subtotal: from 0 too; loss: a drop. */
  kind: 'total' | 'subtotal' | 'loss';
  /** null when it cannot be known (no units produced: quality, hence quality loss, is unknown). */
  seconds: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * ISO 22400 time elements from planned operation time to fully productive time, from one roll-up
 * row. Fully productive time = ideal time × quality = OEE × PBT, so the last bar over PBT is the OEE
 * the page shows (for one machine it is PRU × GQ exactly). Performance loss is negative when
 * performance exceeds 100 % (an ideal rate set too low): shown, not clamped.
 */
export function waterfall(t: Row): WaterfallStep[] {
  const v = (k: string) => num(t[k]) ?? 0;
  const quality = num(t.quality);
  const ideal = v('ideal_time_s');
  return [
    { key: 'pot', label: 'Planned operation time (POT)', kind: 'total', seconds: v('pot_s') },
    { key: 'planned_downtime', label: 'Planned downtime', kind: 'loss', seconds: v('planned_downtime_s') },
    { key: 'pbt', label: 'Planned busy time (PBT)', kind: 'subtotal', seconds: v('pbt_s') },
    { key: 'asut', label: 'Setup (ASUT)', kind: 'loss', seconds: v('asut_s') },
    { key: 'down', label: 'Failures (down)', kind: 'loss', seconds: v('down_s') },
    { key: 'adet', label: 'Minor stops (ADET)', kind: 'loss', seconds: v('adet_s') },
    { key: 'adot', label: 'Waiting (ADOT)', kind: 'loss', seconds: v('adot_s') },
    { key: 'apt', label: 'Actual production time (APT)', kind: 'subtotal', seconds: v('apt_s') },
    { key: 'performance_loss', label: 'Performance loss', kind: 'loss', seconds: v('apt_s') - ideal },
    { key: 'net', label: 'Net production time (ideal time)', kind: 'subtotal', seconds: ideal },
    {
      key: 'quality_loss',
      label: 'Quality loss',
      kind: 'loss',
      seconds: quality === null ? null : ideal * (1 - quality),
    },
    {
      key: 'fully_productive',
      label: 'Fully productive time',
      kind: 'total',
      seconds: quality === null ? null : ideal * quality,
    },
  ];
}

/** The roll-up of one range: its rows by grain, its total, and the head every answer starts with. */
export interface Rollup {
  at(grain: string): Row[];
  total: Row | null;
  head: { factory: string | null; from: string; to: string; note: string | null };
}

/**
 * Validates `from`, `to` (days) and `factory`, runs the named roll-up query (rows with a `grain`;
 * the `factory` grain is the range's total) and answers 400 when several factories match and none
 * was named. Also used by the reliability and quality routes.
 */
export async function rollup(c: Context, ctx: ServerContext, name: string): Promise<Rollup | Response> {
  const p = parse(c, rangeQuery);
  if (!p.ok) return p.response;
  const { from, to } = p.data;
  const rows = await ctx.q.run(name, { factory: p.data.factory ?? null, from, to });
  const factories = [...new Set((rows ?? []).map((r) => r.factory_id as string))];
  if (factories.length > 1)
    return c.json({ error: `several factories (${factories.join(', ')}): pass ?factory=` }, 400);
  const at = (grain: string) => (rows ?? []).filter((r) => r.grain === grain);
  const total = at('factory')[0] ?? null;
  const note = rows === null ? NO_DATA : total === null ? 'no data for these days' : null;
  return { at, total, head: { factory: factories[0] ?? p.data.factory ?? null, from, to, note } };
}

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/oee', async (c) => {
    const r = await rollup(c, ctx, 'oee_rollup');
    if (r instanceof Response) return r;
    return c.json({
      ...r.head,
      total: r.total,
      waterfall: r.total ? waterfall(r.total) : null,
      machines: r.at('machine'),
      shifts: r.at('shift'),
      machineShifts: r.at('machine_shift'),
    });
  });

  app.get('/api/oee/trend', async (c) => {
    const r = await rollup(c, ctx, 'oee_trend');
    if (r instanceof Response) return r;
    return c.json({ ...r.head, total: r.total, days: r.at('day') });
  });
}
