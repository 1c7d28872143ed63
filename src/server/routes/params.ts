/**
 * Shared request validation for routes: zod schemas of the values the API accepts and a helper that
 * answers 400 with the reasons. Anything that reaches SQL passed one of these and is then bound.
 *
 * @example
 *   const p = parse(c, z.object({ day: day.optional(), factory }));
 *   if (!p.ok) return p.response;
 *   const rows = await ctx.q.run('flow_day', p.data);
 */
import type { Context } from 'hono';
import { z } from 'zod';

/** A plant-local day `YYYY-MM-DD` (a real calendar date). */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'not a calendar date',
  );
/** Ids of factories, machines, runs, invocations: letters, digits and `_ : . # @ -` only. */
export const id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_:.#@-]+$/, 'letters, digits and _ : . # @ - only');
export const limit = (max = 1000, def = 50) => z.coerce.number().int().min(1).max(max).default(def);
/** A 0-based position in a paged list. */
export const offset = z.coerce.number().int().min(0).max(1_000_000).default(0);

/** The fields of a range of plant-local days: `from`, `to` (inclusive) and an optional `factory`. */
export const rangeFields = { factory: id.optional(), from: day, to: day };
const ordered = { message: 'from must not be after to', path: ['to'] };

/** A range with extra fields (`rangeOf({ machine: id.optional() })`); `from` after `to` is a 400. */
export const rangeOf = <T extends z.ZodRawShape>(extra: T) =>
  z
    .object({ ...rangeFields, ...extra })
    .refine((r) => (r as { from: string }).from <= (r as { to: string }).to, ordered);

/** `from`, `to` and an optional `factory`: the range every page asks for. */
export const rangeQuery = rangeOf({});

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

/** Validates the query string (and path params) of a request against a zod object schema. */
export function parse<S extends z.ZodType>(c: Context, schema: S): Parsed<z.infer<S>> {
  const input: Record<string, string> = { ...c.req.query(), ...c.req.param() };
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, data: r.data };
  return {
    ok: false,
    response: c.json(
      { error: r.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ') },
      400,
    ),
  };
}
