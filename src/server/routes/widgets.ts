/**
 * `GET /api/widgets?from=D&to=D[&factory=F]`: the widget plant over a range of plant-local days —
 * components made, widgets assembled, QC, stock per stock point, orders and alerts. A plant with no
 * widget data at all (a seed-format plant) answers `plant: false` with "no data for this plant",
 * never a page of zeros.
 */
import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { NO_DATA, type Row } from '../query.ts';
import { parse, rangeQuery } from './params.ts';

export const NOT_A_WIDGET_PLANT = 'no data for this plant: it has no components or assembly';

const byGrain = (rows: Row[] | null) => (grain: string) => (rows ?? []).filter((r) => r.grain === grain);

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/widgets', async (c) => {
    const p = parse(c, rangeQuery);
    if (!p.ok) return p.response;
    const params = { factory: p.data.factory ?? null, from: p.data.from, to: p.data.to };
    const base = { factory: params.factory, from: params.from, to: params.to };
    const presence = await ctx.q.one('widgets_presence', { factory: params.factory });
    if (presence === null) return c.json({ ...base, plant: null, note: NO_DATA });
    if (!presence.has_widgets) return c.json({ ...base, plant: false, note: NOT_A_WIDGET_PLANT });

    const components = byGrain(await ctx.q.run('widgets_components', params));
    const assembly = byGrain(await ctx.q.run('widgets_assembly', params));
    const qc = byGrain(await ctx.q.run('widgets_qc', params));
    const orders = byGrain(await ctx.q.run('widgets_orders', params));
    const inventory = (await ctx.q.run('widgets_inventory', params)) ?? [];
    const alertCounts = (await ctx.q.run('widgets_alert_counts', params)) ?? [];
    const alerts = (await ctx.q.run('widgets_alerts', { ...params, limit: 50 })) ?? [];
    const empty =
      components('factory').length === 0 &&
      assembly('factory').length === 0 &&
      qc('factory').length === 0 &&
      inventory.length === 0;
    return c.json({
      ...base,
      plant: true,
      note: empty ? 'no data for these days' : null,
      components: {
        total: components('factory')[0] ?? null,
        types: components('type'),
        machines: components('machine'),
      },
      assembly: {
        total: assembly('factory')[0] ?? null,
        stations: assembly('station'),
        types: assembly('type'),
        stationTypes: assembly('station_type'),
      },
      qc: { total: qc('factory')[0] ?? null, types: qc('type') },
      inventory,
      orders: { total: orders('factory')[0] ?? null, statuses: orders('status'), types: orders('type') },
      alerts: { counts: alertCounts, latest: alerts },
    });
  });
}
