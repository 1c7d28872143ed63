/**
 * The Pipeline page in Chromium on the shared demo: runs and their tasks, the load audit, the
 * data-quality results, the verify report (equal to the API, and the API to the truth) and the
 * lineage graph.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.open('/pipeline');
}, 600_000);
afterAll(async () => {
  await h?.close();
});

const cell = (table: string, row: string, col: string) =>
  page.locator(`[data-testid="${table}"] tr[data-row="${row}"] td[data-col="${col}"]`);

describe('pipeline page', () => {
  it('lists the runs and the tasks of the one clicked', async () => {
    const api = await h.api<{ runs: { run_id: string; status: string }[] }>('/api/pipeline/runs?limit=60');
    await page.locator('[data-testid="runs-table"] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid="runs-table"] tbody tr').count()).toBe(api.runs.length);
    for (const r of api.runs)
      expect(await cell('runs-table', r.run_id, 'status').textContent()).toBe(r.status);
    const first = `daily::${h.days[0]}`;
    await page.locator(`[data-testid="runs-table"] tr[data-row="${first}"]`).click();
    const one = await h.api<{ tasks: { task_id: string; status: string }[] }>(`/api/runs/${first}`);
    await expect
      .poll(() => page.locator('[data-testid="tasks-table"] tbody tr').count())
      .toBe(one.tasks.length);
    for (const t of one.tasks)
      expect(await cell('tasks-table', t.task_id, 'status').textContent()).toBe(t.status);
  });

  it('shows the load audit of the selected day', async () => {
    const day = h.days.at(-1) as string;
    const api = await h.api<{ totals: { day: string; rows_read: number }[]; loads: unknown[] }>(
      `/api/pipeline/loads?day=${day}&limit=500`,
    );
    const read = api.totals.find((t) => t.day === day)?.rows_read;
    await expect
      .poll(() => cell('load-totals', day, 'rows_read').locator('.kpi').getAttribute('data-value'))
      .toBe(String(read));
    expect(await page.locator('[data-testid="loads-table"] tbody tr').count()).toBe(api.loads.length);
  });

  it('shows the verify report: every metric matching, the day equal to the truth', async () => {
    const day = h.days.at(-1) as string;
    const api = await h.api<{
      summary: { metrics: number; matched: number }[];
      rows: {
        entity_type: string;
        entity: string;
        metric: string;
        expected: number;
        actual: number;
        day: string;
      }[];
    }>(`/api/pipeline/verify?day=${day}`);
    const metrics = api.summary.reduce((a, s) => a + s.metrics, 0);
    const counts = page.locator('[data-testid="verify-count"]');
    await expect.poll(() => counts.getAttribute('data-metrics')).toBe(String(metrics));
    expect(await counts.getAttribute('data-matched')).toBe(String(metrics));
    expect(await page.locator('[data-testid="verify-share"]').getAttribute('data-value')).toBe('1');
    const truth = h.truth(day) as { factory_totals: { units_produced: number } };
    const units = api.rows.find((r) => r.entity_type === 'factory' && r.metric === 'units_produced');
    expect(units?.expected).toBe(truth.factory_totals.units_produced);
    const key = `${day}|factory|${units?.entity}|units_produced`;
    expect(await cell('verify-rows', key, 'actual').locator('.kpi').getAttribute('data-value')).toBe(
      String(truth.factory_totals.units_produced),
    );
    expect(await page.locator('[data-testid="chaos-scores"] tbody tr').count()).toBeGreaterThan(5);
  });

  it('shows the data-quality results and the lineage graph', async () => {
    const dq = await h.api<{ runs: { invocation_id: string; passed: number; checks: number }[] }>(
      '/api/pipeline/dq',
    );
    const newest = dq.runs[0];
    await expect
      .poll(() => page.locator('[data-testid="dq-newest"]').textContent())
      .toContain(`${newest?.invocation_id}: ${newest?.passed} passed`);
    const g = await h.api<{ nodes: unknown[]; edges: unknown[] }>('/api/pipeline/lineage');
    const counts = page.locator('[data-testid="lineage-counts"]');
    await expect.poll(() => counts.getAttribute('data-nodes')).toBe(String(g.nodes.length));
    await page.locator('[data-testid="lineage-graph"] canvas').waitFor();
    await h.screenshot(page, 'pipeline');
  });
});
