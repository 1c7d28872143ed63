/**
 * SQL-injection attempts in every query and path parameter of every GET route get 4xx and change
 * nothing: the content hash of every table in bronze, silver, gold and ops is the same before and
 * after. The routes come from the registry (routes/index.ts), the parameter names from the shared
 * validators the routes use (routes/*.ts): a new route or parameter is attacked without editing this.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../../../src/server/context.ts';
import { routeModules } from '../../../src/server/routes/index.ts';
import { rows, tableHash } from '../../helpers/warehouse.ts';
import { type ApiServer, startApiServer } from './server.ts';

const ROUTES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'server', 'routes');

const PAYLOADS = [
  "' OR '1'='1",
  "2025-12-01' OR 1=1 --",
  "2025-12-01'; DROP TABLE gold.kpi_oee_machine_day; --",
  '2025-12-01;DROP TABLE ops.pipeline_runs',
  "x' UNION SELECT * FROM ops.pipeline_runs --",
  '1 UNION SELECT 1',
  '2025-12-01/**/OR/**/1=1',
  '2025-12-01 -- comment',
  "'; DELETE FROM ops.task_runs; SELECT '",
  '$day',
  "\"; ATTACH '/tmp/x.duckdb' AS x; --",
];
/** Out of range for numeric parameters (limits), though harmless as ids. */
const NUMBERS = ['1e309', '-1', '0', '1.5', '99999999999999999999'];

/** The server-sent live feed never ends an answer; it reads no parameter (routes/live.ts). */
const STREAMING = new Set(['/api/live']);

/** Every GET path of the registry, as the app registers them (a stub context: nothing runs). */
function registryGets(): string[] {
  const app = new Hono();
  for (const m of routeModules) m.register(app, {} as ServerContext);
  const gets = app.routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/'));
  return [...new Set(gets.map((r) => r.path))].filter((p) => !STREAMING.has(p)).sort();
}

/**
 * Query parameter names the routes read: the keys given a shared validator of params.ts (`day`,
 * `id`, `limit(…)`, `offset`) or a range (`from`, `to`, `factory` through rangeOf/rangeQuery).
 */
function paramNames(): string[] {
  const names = new Set(['day', 'from', 'to', 'factory']);
  for (const f of readdirSync(ROUTES_DIR).filter((n) => n.endsWith('.ts'))) {
    const src = readFileSync(join(ROUTES_DIR, f), 'utf8');
    for (const m of src.matchAll(/\b([a-z][A-Za-z]*):\s*(?:(?:day|id|offset)\b|limit\()/g))
      names.add(m[1] as string);
    // Shorthand keys: `{ day, offset }`.
    for (const m of src.matchAll(/[{,]\s*(day|offset)\s*(?=[,}])/g)) names.add(m[1] as string);
  }
  return [...names].sort();
}

/** Numeric parameters also get numbers out of range. */
const NUMERIC = new Set(['limit', 'offset', 'machines']);

let s: ApiServer;
let before: Map<string, string>;

async function hashes(): Promise<Map<string, string>> {
  const tables = await rows<{ t: string }>(
    s.server.wh,
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
     WHERE table_schema IN ('bronze', 'bronze_store', 'silver', 'gold', 'ops') AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out = new Map<string, string>();
  for (const { t } of tables) out.set(t, await tableHash(s.server.wh, t));
  return out;
}

beforeAll(async () => {
  s = await startApiServer();
  before = await hashes();
}, 600_000);
afterAll(async () => {
  await s?.close();
});

describe('SQL injection', () => {
  it('every poisoned query parameter of every route gets 4xx, or is ignored by a route that reads none of it', async () => {
    const routes = registryGets();
    const params = paramNames();
    // Not vacuous: the registry and the validators were found, the new routes among them.
    expect(routes).toEqual(
      expect.arrayContaining(['/api/oee', '/api/oee/shifts', '/api/reliability/timeline']),
    );
    expect(params).toEqual(expect.arrayContaining(['limit', 'machine', 'machines', 'offset', 'invocation']));
    const [{ day } = { day: '' }] = ((await s.raw('/api/days')).json as { days: { day: string }[] }).days;
    const valid = { day, from: day, to: day };
    const accepted: string[] = [];
    let rejected = 0;
    for (const route of routes.filter((r) => !r.includes(':'))) {
      const baseline = await s.raw(`${route}?${new URLSearchParams(valid)}`);
      for (const param of params)
        for (const payload of NUMERIC.has(param) ? [...PAYLOADS, ...NUMBERS] : PAYLOADS) {
          const r = await s.raw(`${route}?${new URLSearchParams({ ...valid, [param]: payload })}`);
          if (r.status >= 400 && r.status < 500) rejected++;
          // 2xx only when the route does not read the parameter: then the answer is the baseline's.
          else if (r.status !== baseline.status || r.text !== baseline.text)
            accepted.push(`${route} ${param}=${payload} → ${r.status}`);
        }
    }
    expect(accepted).toEqual([]);
    expect(rejected).toBeGreaterThan(routes.length * PAYLOADS.length);
  });

  it('every poisoned path parameter of every route gets 4xx', async () => {
    const withParams = registryGets().filter((r) => r.includes(':'));
    expect(withParams.length).toBeGreaterThan(0);
    for (const route of withParams)
      for (const payload of PAYLOADS) {
        const path = route.replace(/:[A-Za-z]+/g, encodeURIComponent(payload));
        const r = await s.raw(path);
        expect(r.status, path).toBeGreaterThanOrEqual(400);
        expect(r.status, path).toBeLessThan(500);
      }
  });

  it('a poisoned run request is refused', async () => {
    for (const payload of PAYLOADS.slice(0, 5)) {
      const r = await s.raw('/api/runs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pipeline: payload, from: payload }),
      });
      expect(r.status).toBe(400);
    }
  });

  it('changed nothing: every table hashes the same, and the routes still answer', async () => {
    expect(await hashes()).toEqual(before);
    expect((await s.raw('/api/kpis/latest')).status).toBe(200);
    expect(((await s.raw('/api/runs')).json as { runs: unknown[] }).runs.length).toBeGreaterThan(0);
  });
});
