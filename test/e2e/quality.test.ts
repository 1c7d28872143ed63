/**
 * The Quality page in headless Chromium on the shared demo warehouse: the Pareto and scrap numbers on
 * screen equal the API's and the API's equal the truth, definitions show on hover, the page follows
 * the day selector, and an empty warehouse shows "no data", never 0 %.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setupHarness } from './harness.ts';

type Row = Record<string, number | string | null>;
interface Quality {
  checks: Row | null;
  pareto: Row[];
  scrap: { total: Row | null; machines: Row[]; products: Row[] };
}
interface Truth {
  by_machine: Record<string, { units_produced: number; units_defective: number }>;
  qc: { checks: number; passed: number; failed: number; by_reason: Record<string, number> };
}

const harness = setupHarness();

const quality = (day: string) =>
  harness().api<Quality>(`/api/quality?factory=${harness().factory}&from=${day}&to=${day}`);
const reasonId = (r: string) => r.replace(/[^A-Za-z0-9_-]+/g, '_');

async function shown(page: Page, testId: string): Promise<number | null> {
  const v = await page.locator(`[data-testid="${testId}"]`).first().getAttribute('data-value');
  return v === null || v === '' ? null : Number(v);
}

async function expectDay(page: Page, day: string): Promise<Quality> {
  const api = await quality(day);
  await expect.poll(() => shown(page, 'sq-total')).toBe(api.scrap.total!.sq);
  expect(await shown(page, 'pq-total')).toBe(api.scrap.total!.pq);
  expect(await shown(page, 'scrap-ratio-total')).toBe(api.scrap.total!.scrap_ratio);
  expect(await shown(page, 'qc-checks')).toBe(api.checks!.checks);
  expect(await shown(page, 'qc-pass-rate')).toBe(api.checks!.pass_rate);
  for (const r of api.pareto) {
    expect(await shown(page, `pareto-n-${reasonId(r.reason as string)}`)).toBe(r.occurrences);
    expect(await shown(page, `pareto-share-${reasonId(r.reason as string)}`)).toBe(r.share);
  }
  for (const m of api.scrap.machines) {
    expect(await shown(page, `machine-sq-${m.machine_id}`)).toBe(m.sq);
    expect(await shown(page, `machine-ratio-${m.machine_id}`)).toBe(m.scrap_ratio);
  }
  for (const p of api.scrap.products) expect(await shown(page, `product-sq-${p.product_name}`)).toBe(p.sq);
  return api;
}

describe('Quality page', () => {
  it('shows the API numbers of the newest day, and the API equals the truth', async () => {
    const day = harness().days.at(-1)!;
    const page = await harness().open('/quality');
    const api = await expectDay(page, day);
    const truth = harness().truth(day) as unknown as Truth;
    expect(Object.fromEntries(api.pareto.map((r) => [r.reason, r.occurrences]))).toEqual(truth.qc.by_reason);
    expect(api.checks!.checks).toBe(truth.qc.checks);
    for (const m of api.scrap.machines) {
      const want = truth.by_machine[m.machine_id as string]!;
      expect([m.pq, m.sq]).toEqual([want.units_produced, want.units_defective]);
    }
    await page.locator('[data-testid="pareto-chart"] canvas').first().waitFor();
    await harness().screenshot(page, 'quality');
  });

  it('follows the day selector and shows definitions on hover', async () => {
    const page = await harness().open('/quality');
    await page.locator('[data-testid="day-select"]').selectOption(harness().days[0]!);
    await expectDay(page, harness().days[0]!);
    const ratio = page.locator('[data-testid="scrap-ratio-total"]');
    await ratio.hover();
    expect(await ratio.getAttribute('title')).toMatch(/SQ \/ PQ/);
    const first = (await quality(harness().days[0]!)).pareto[0]!;
    expect(
      await page
        .locator(`[data-testid="pareto-share-${reasonId(first.reason as string)}"]`)
        .getAttribute('title'),
    ).toMatch(/occurrences of every reason/);
  });
});

describe('Quality page on an empty warehouse', () => {
  const empty = setupHarness({ empty: true });

  it('says "no data", never 0 %', async () => {
    const page = await empty().open('/quality');
    await page.locator('[data-testid="quality-summary"]').getByText('no data').waitFor();
    await page.locator('[data-testid="quality-pareto"]').getByText('no data').waitFor();
    expect((await page.locator('[data-testid="page-quality"]').textContent()) ?? '').not.toMatch(
      /\b0(\.0)? %/,
    );
  });
});
