/**
 * The roll-up every range page asks for: validate `from`, `to` and `factory`, run one named query
 * whose rows carry a `grain` (the `factory` grain is the range's total) and split it by grain.
 *
 * @example
 *   const r = await rollup(c, ctx, 'oee_rollup');
 *   if (r instanceof Response) return r;
 *   return c.json({ ...r.head, total: r.total, machines: r.at('machine') });
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { NO_DATA, type Params, type Row } from '../query.ts';
import { parse, rangeOf } from './params.ts';

/** The roll-up of one range: its rows by grain, its total, and the head every answer starts with. */
export interface Rollup {
  at(grain: string): Row[];
  total: Row | null;
  head: { factory: string | null; from: string; to: string; note: string | null };
}

/**
 * Runs the named roll-up query over the request's range (and `extra` validated fields, bound under
 * their names; absent ones as null); answers 400 when several factories match and none was named.
 */
export async function rollup(
  c: Context,
  ctx: ServerContext,
  name: string,
  extra: z.ZodRawShape = {},
): Promise<Rollup | Response> {
  const p = parse(c, rangeOf(extra));
  if (!p.ok) return p.response;
  const data = p.data as Record<string, string | number | undefined>;
  const params: Params = {};
  for (const k of Object.keys({ factory: 0, from: 0, to: 0, ...extra })) params[k] = data[k] ?? null;
  const { from, to } = params as { from: string; to: string };
  const rows = await ctx.q.run(name, params);
  const factories = [...new Set((rows ?? []).map((r) => r.factory_id as string))];
  if (factories.length > 1)
    return c.json({ error: `several factories (${factories.join(', ')}): pass ?factory=` }, 400);
  const at = (grain: string) => (rows ?? []).filter((r) => r.grain === grain);
  const total = at('factory')[0] ?? null;
  const note = rows === null ? NO_DATA : rows.length === 0 ? 'no data for these days' : null;
  return { at, total, head: { factory: factories[0] ?? (data.factory as string) ?? null, from, to, note } };
}
