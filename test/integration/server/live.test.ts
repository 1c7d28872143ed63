/**
 * `GET /api/live` (SSE): a new client gets the current runs, KPIs and stream status at once, then
 * job events as a queued run goes through, and stream status as the ingester publishes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setStreamStatus } from '../../../src/stream/status.ts';
import { type ApiServer, startApiServer } from './server.ts';

let s: ApiServer;
beforeAll(async () => {
  s = await startApiServer();
}, 600_000);
afterAll(async () => {
  setStreamStatus(null);
  await s?.close();
});

interface Sse {
  events: { event: string; data: unknown }[];
  /** Resolves with the first event (after those already seen) that matches. */
  waitFor(
    pred: (e: { event: string; data: unknown }) => boolean,
    ms?: number,
  ): Promise<{ event: string; data: unknown }>;
  close(): void;
}

async function subscribe(url: string): Promise<Sse> {
  const ctl = new AbortController();
  const res = await fetch(`${url}/api/live`, { signal: ctl.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: { event: string; data: unknown }[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const dec = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += dec.decode(value, { stream: true });
        let i = buf.indexOf('\n\n');
        while (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) events.push({ event, data: JSON.parse(data) });
          for (const w of waiters.splice(0)) w();
          i = buf.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    async waitFor(pred, ms = 15_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = events.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(`no such event; got ${events.map((e) => e.event).join(', ')}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
    close: () => ctl.abort(),
  };
}

describe('live feed', () => {
  it('starts with runs, KPIs and the stream status', async () => {
    const sse = await subscribe(s.url);
    try {
      const runs = await sse.waitFor((e) => e.event === 'runs');
      expect((runs.data as { runs: unknown[] }).runs.length).toBe(5);
      const kpis = await sse.waitFor((e) => e.event === 'kpis');
      expect((kpis.data as { kpis: unknown[] }).kpis.length).toBe(3);
      expect((await sse.waitFor((e) => e.event === 'stream')).data).toBeNull();
    } finally {
      sse.close();
    }
  });

  it('sends job events for a queued run, then fresh runs and KPIs', async () => {
    const sse = await subscribe(s.url);
    try {
      await sse.waitFor((e) => e.event === 'runs');
      const seen = sse.events.length;
      const post = await fetch(`${s.url}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pipeline: 'monitor' }),
      });
      expect(post.status).toBe(202);
      const { job } = (await post.json()) as { job: string };
      const done = await sse.waitFor(
        (e) =>
          e.event === 'job' &&
          (e.data as { id: string; state: string }).id === job &&
          ['succeeded', 'failed'].includes((e.data as { state: string }).state),
      );
      expect((done.data as { state: string }).state).toBe('succeeded');
      await sse.waitFor((e) => e.event === 'kpis' && sse.events.indexOf(e) >= seen);
    } finally {
      sse.close();
    }
  });

  it('sends the stream status as the ingester publishes it', async () => {
    const sse = await subscribe(s.url);
    try {
      await sse.waitFor((e) => e.event === 'stream');
      setStreamStatus({
        updatedAt: new Date().toISOString(),
        server: 'nats://127.0.0.1:4222',
        connected: true,
        totalEvents: 42,
        totalQuarantined: 0,
        streams: [],
      });
      const ev = await sse.waitFor((e) => e.event === 'stream' && e.data !== null);
      expect((ev.data as { totalEvents: number }).totalEvents).toBe(42);
    } finally {
      setStreamStatus(null);
      sse.close();
    }
  });
});
