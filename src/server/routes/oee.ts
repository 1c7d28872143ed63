/**
 * OEE over a range of plant-local days; times and counts are summed in SQL and divided once, a ratio
 * whose denominator is 0 is null ("no data"), never 0.
 * - `GET /api/oee?from=D&to=D[&factory=F]`: the factory and each machine (`sql/oee_rollup.sql`, from
 *   the day marts) and the ISO 22400 loss waterfall of the range: what the page shows first.
 * - `GET /api/oee/shifts?from=D&to=D[&factory=F][&machine=M]`: factory × shift and machine × shift
 *   (`sql/oee_shifts.sql`), the heavy detail the page asks for after the first answer.
 * - `GET /api/oee/trend?from=D&to=D[&factory=F]`: the factory per day and over the range
 *   (`sql/oee_trend.sql`).
 */
import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import type { Row } from '../query.ts';
import { id } from './params.ts';
import { rollup } from './rollup.ts';

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

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/oee', async (c) => {
    const r = await rollup(c, ctx, 'oee_rollup');
    if (r instanceof Response) return r;
    return c.json({
      ...r.head,
      total: r.total,
      waterfall: r.total ? waterfall(r.total) : null,
      machines: r.at('machine'),
    });
  });

  app.get('/api/oee/shifts', async (c) => {
    const r = await rollup(c, ctx, 'oee_shifts', { machine: id.optional() });
    if (r instanceof Response) return r;
    const machine = c.req.query('machine') ?? null;
    // With a machine, the shift grain is that machine's alone: not sent as the factory's shifts.
    return c.json({
      ...r.head,
      machine,
      shifts: machine ? null : r.at('shift'),
      machineShifts: r.at('machine_shift'),
    });
  });

  app.get('/api/oee/trend', async (c) => {
    const r = await rollup(c, ctx, 'oee_trend');
    if (r instanceof Response) return r;
    return c.json({ ...r.head, total: r.total, days: r.at('day') });
  });
}
