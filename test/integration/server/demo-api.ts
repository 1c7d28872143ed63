/**
 * What the route tests on the shared demo share: a served copy of the demo warehouse and an empty
 * one, the demo's days, a GET helper, the truth of a day and a numeric comparison. `setupDemoApi()`
 * registers the hooks; the exports are live bindings, set before the file's tests run.
 *
 * @example
 *   setupDemoApi();
 *   it('answers', async () => {
 *     const { status, body } = await get(server, `/api/oee?from=${SAMPLE}&to=${SAMPLE}`);
 *     close(body.total.oee, truth(SAMPLE).factory_totals.kpi.oee, 'oee');
 *   });
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { DayTruth } from '../../../src/contracts/truth.ts';
import type { RunningServer } from '../../../src/server/serve.ts';
import { type ApiServer, startApiServer } from './server.ts';

export type Row = Record<string, unknown>;

/** The shared demo's days (factorio, 5 days), oldest first; SAMPLE is the second. */
export let DAYS: string[] = [];
export let SAMPLE = '';
export let api: ApiServer;
export let emptyApi: ApiServer;
export let server: RunningServer;
export let emptyServer: RunningServer;

export function setupDemoApi(): void {
  beforeAll(async () => {
    api = await startApiServer();
    emptyApi = await startApiServer({ empty: true });
    server = api.server;
    emptyServer = emptyApi.server;
    const res = await fetch(`${server.url}/api/days`);
    DAYS = ((await res.json()) as { days: { day: string }[] }).days.map((d) => d.day);
    SAMPLE = DAYS[1] as string;
  }, 600_000);
  afterAll(async () => {
    await api?.close();
    await emptyApi?.close();
  });
}

export async function get(s: RunningServer, path: string): Promise<{ status: number; body: Row }> {
  const res = await fetch(`${s.url}${path}`);
  return { status: res.status, body: (await res.json()) as Row };
}

export const truth = (d: string) => api.truth(d) as unknown as DayTruth;

/** Equal within 1e-9 (relative beyond 1); a null or missing expectation wants null. */
export function close(a: unknown, b: unknown, label: string): void {
  if (b === null || b === undefined) {
    expect(a, label).toBeNull();
    return;
  }
  expect(
    Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(b))),
    `${label}: ${a} vs ${b}`,
  ).toBe(true);
}
