/**
 * On an empty warehouse (nothing loaded, gold not built) every GET route answers 200 with null or
 * empty lists and a "no data" note where gold is missing: never a 0 standing in for missing data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_DATA } from '../../../src/server/query.ts';
import { type ApiServer, startApiServer } from './server.ts';

let s: ApiServer;
beforeAll(async () => {
  s = await startApiServer({ empty: true });
}, 120_000);
afterAll(async () => {
  await s?.close();
});

/** Every number inside a JSON value. */
function numbers(v: unknown, path = '$'): [string, number][] {
  if (typeof v === 'number') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => numbers(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numbers(x, `${path}.${k}`));
  return [];
}

const GOLD_ROUTES = [
  '/api/kpis/latest',
  '/api/days',
  '/api/control/floor?day=2025-12-01',
  '/api/control/timeline?day=2025-12-01',
  '/api/control/health?day=2025-12-01',
  '/api/control/flow?day=2025-12-01',
  '/api/control/quality?day=2025-12-01',
];
const OPS_ROUTES = [
  '/api/runs',
  '/api/pipeline/runs',
  '/api/pipeline/loads',
  '/api/pipeline/dq',
  '/api/pipeline/verify?day=2025-12-01',
  '/api/stream',
  '/api/jobs',
];

describe('an empty warehouse', () => {
  it.each(GOLD_ROUTES)('%s says "no data" and holds no number', async (path) => {
    const r = await s.raw(path);
    expect(r.status).toBe(200);
    expect((r.json as { note: string | null }).note).toBe(NO_DATA);
    expect(numbers(r.json)).toEqual([]);
  });

  it.each(OPS_ROUTES)('%s answers empty lists or null, no number', async (path) => {
    const r = await s.raw(path);
    expect(r.status).toBe(200);
    expect(numbers(r.json)).toEqual([]);
  });

  it('the day list is empty, not a made-up day', async () => {
    expect((await s.raw('/api/days')).json).toEqual({ days: [], note: NO_DATA });
  });
});
