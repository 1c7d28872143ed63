/**
 * `GET /api/quality?from=D&to=D[&factory=F]`: quality over a range of plant-local days — QC checks
 * (passed, failed), the defect Pareto by reason (share and cumulative share, the rules of
 * kpi_defect_pareto) and scrap by machine, product and machine × product (SQ / PQ, summed then
 * divided once).
 */
import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { rollup } from './rollup.ts';

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/quality', async (c) => {
    const scrap = await rollup(c, ctx, 'quality_scrap');
    if (scrap instanceof Response) return scrap;
    const { factory, from, to } = scrap.head;
    const pareto = await ctx.q.run('quality_pareto', { factory, from, to });
    const checks = await ctx.q.run('quality_checks', { factory, from, to });
    return c.json({
      ...scrap.head,
      checks: checks?.[0] ?? null,
      pareto: pareto ?? [],
      scrap: {
        total: scrap.total,
        machines: scrap.at('machine'),
        products: scrap.at('product'),
        machineProducts: scrap.at('machine_product'),
      },
    });
  });
}
