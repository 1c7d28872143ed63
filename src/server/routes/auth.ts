/**
 * Bearer-token check for `/api/*` when the server was started with `--token` (required off
 * loopback). GET may also pass `?token=` because EventSource cannot send headers.
 */
import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';

export function register(app: Hono, ctx: ServerContext): void {
  app.use('/api/*', async (c, next) => {
    if (!ctx.token) return next();
    const bearer = c.req.header('authorization') === `Bearer ${ctx.token}`;
    const query = c.req.method === 'GET' && c.req.query('token') === ctx.token;
    if (!bearer && !query) return c.json({ error: 'a bearer token is required' }, 401);
    return next();
  });
}
