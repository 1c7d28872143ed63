/**
 * SQL-injection attempts in every query and path parameter get 4xx and change nothing: the content
 * hash of every table in bronze, silver, gold and ops is the same before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, tableHash } from '../../helpers/warehouse.ts';
import { type ApiServer, startApiServer } from './server.ts';

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

/** Each route and the parameter to poison, with valid values for the others. */
const QUERY_TARGETS: [string, string, Record<string, string>][] = [
  ['/api/runs', 'limit', {}],
  ['/api/kpis/latest', 'factory', {}],
  ['/api/control/floor', 'day', {}],
  ['/api/control/floor', 'factory', { day: '2025-12-02' }],
  ['/api/control/timeline', 'day', {}],
  ['/api/control/timeline', 'factory', { day: '2025-12-02' }],
  ['/api/control/health', 'day', {}],
  ['/api/control/health', 'factory', { day: '2025-12-02' }],
  ['/api/control/flow', 'day', {}],
  ['/api/control/flow', 'factory', { day: '2025-12-02' }],
  ['/api/control/quality', 'day', {}],
  ['/api/control/quality', 'factory', { day: '2025-12-02' }],
  ['/api/control/quality', 'limit', { day: '2025-12-02' }],
  ['/api/pipeline/runs', 'limit', {}],
  ['/api/pipeline/loads', 'day', {}],
  ['/api/pipeline/loads', 'limit', {}],
  ['/api/pipeline/dq', 'invocation', {}],
  ['/api/pipeline/dq', 'limit', {}],
  ['/api/pipeline/verify', 'day', {}],
  ['/api/pipeline/verify', 'limit', {}],
];
const PATH_TARGETS = ['/api/runs/', '/api/jobs/'];

let s: ApiServer;
let before: Map<string, string>;

async function hashes(): Promise<Map<string, string>> {
  const tables = await rows<{ t: string }>(
    s.server.wh,
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
     WHERE table_schema IN ('bronze', 'silver', 'gold', 'ops') AND table_type = 'BASE TABLE' ORDER BY 1`,
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
  it('every poisoned query parameter gets 4xx (numbers out of range included)', async () => {
    const accepted: string[] = [];
    for (const [route, param, others] of QUERY_TARGETS)
      for (const payload of param === 'limit' ? [...PAYLOADS, ...NUMBERS] : PAYLOADS) {
        const q = new URLSearchParams({ ...others, [param]: payload });
        const r = await s.raw(`${route}?${q}`);
        if (r.status < 400 || r.status >= 500) accepted.push(`${route} ${param}=${payload} → ${r.status}`);
      }
    expect(accepted).toEqual([]);
  });

  it('every poisoned path parameter gets 4xx', async () => {
    for (const base of PATH_TARGETS)
      for (const payload of PAYLOADS) {
        const r = await s.raw(`${base}${encodeURIComponent(payload)}`);
        expect(r.status, `${base}${payload}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${base}${payload}`).toBeLessThan(500);
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
