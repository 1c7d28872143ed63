/**
 * `GET /api/live`: server-sent events (`job`, `runs`, `kpis`, `stream`), starting with the newest of
 * each; a comment every 15 s keeps proxies from closing the stream. `GET /api/stream`: the stream
 * ingester's lag and throughput now (null when no ingester runs in this server).
 */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { getStreamStatus } from '../../stream/status.ts';
import type { ServerContext } from '../context.ts';
import { toJson } from '../json.ts';
import type { LiveEvent } from '../live.ts';

export function register(app: Hono, ctx: ServerContext): void {
  app.get('/api/stream', (c) => c.json({ stream: getStreamStatus() }));

  app.get('/api/live', (c) =>
    streamSSE(c, async (sse) => {
      const queue: LiveEvent[] = [...ctx.live.snapshot()];
      let wake: (() => void) | null = null;
      const unsubscribe = ctx.live.subscribe((ev) => {
        queue.push(ev);
        wake?.();
      });
      let closed = false;
      sse.onAbort(() => {
        closed = true;
        wake?.();
      });
      try {
        while (!closed) {
          const ev = queue.shift();
          if (ev) {
            await sse.writeSSE({ event: ev.type, id: String(ev.id), data: JSON.stringify(toJson(ev.data)) });
            continue;
          }
          await new Promise<void>((r) => {
            wake = r;
            setTimeout(r, 15_000).unref();
          });
          wake = null;
          if (queue.length === 0 && !closed) await sse.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
      }
    }),
  );
}
