/**
 * The OEE page in headless Chromium on the shared demo warehouse: the numbers on screen equal the
 * API's, the API's equal the truth for the sample day, the definitions show on hover, the page
 * follows the day selector and the play control, and an empty warehouse shows "no data", never 0 %.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setupHarness } from './harness.ts';

type Row = Record<string, number | string | null>;
interface Oee {
  total: Row | null;
  machines: Row[];
  waterfall: { key: string; seconds: number | null }[] | null;
}
interface Truth {
  by_machine: Record<string, { units_produced: number; kpi: Record<string, number | null> }>;
  factory_totals: { kpi: Record<string, number | null> };
}

const harness = setupHarness();

const oee = (day: string) =>
  harness().api<Oee>(`/api/oee?factory=${harness().factory}&from=${day}&to=${day}`);

async function shown(page: Page, testId: string): Promise<number | null> {
  const v = await page.locator(`[data-testid="${testId}"]`).first().getAttribute('data-value');
  return v === null || v === '' ? null : Number(v);
}

describe('OEE page', () => {
  it('shows the API numbers for the newest day, and the API equals the truth', async () => {
    const day = harness().days.at(-1)!;
    const api = await oee(day);
    const page = await harness().open('/oee');
    await page.locator('[data-testid="oee-total"]').waitFor();
    for (const k of ['oee', 'availability', 'performance', 'quality', 'pq', 'sq'])
      await expect.poll(() => shown(page, `${k}-total`), { message: k }).toBe(api.total![k]);
    for (const m of api.machines) {
      expect(await shown(page, `oee-${m.machine_id}`)).toBe(m.oee);
      expect(await shown(page, `pq-${m.machine_id}`)).toBe(m.pq);
    }
    // Machine × shift comes after the summary, from its own route.
    const detail = await harness().api<{ machineShifts: Row[] }>(
      `/api/oee/shifts?factory=${harness().factory}&from=${day}&to=${day}`,
    );
    const machineShifts = detail.machineShifts.filter((x) => x.shift_id !== null);
    expect(machineShifts.length).toBeGreaterThan(0);
    for (const s of machineShifts)
      await expect.poll(() => shown(page, `oee-${s.machine_id}-${s.shift_id}`)).toBe(s.oee);
    for (const step of api.waterfall!) expect(await shown(page, `waterfall-${step.key}`)).toBe(step.seconds);
    // The API against the truth for this day.
    const truth = harness().truth(day) as unknown as Truth;
    for (const m of api.machines) {
      const want = truth.by_machine[m.machine_id as string]!;
      expect(m.pq).toBe(want.units_produced);
      expect(m.oee as number).toBeCloseTo(want.kpi.oee!, 12);
    }
    expect(api.total!.oee as number).toBeCloseTo(truth.factory_totals.kpi.oee!, 12);
    await harness().screenshot(page, 'oee');
  });

  it('rolls up 7 days and every day to date: the API range total, not an average of days', async () => {
    const page = await harness().open('/oee');
    const last = harness().days.at(-1)!;
    await page.locator('[data-testid="scope-all"]').click();
    const all = await harness().api<Oee>(
      `/api/oee?factory=${harness().factory}&from=${harness().days[0]}&to=${last}`,
    );
    await expect.poll(() => shown(page, 'oee-total')).toBe(all.total!.oee);
    expect(await shown(page, 'pq-total')).toBe(all.total!.pq);
    const trend = await harness().api<{ total: Row; days: Row[] }>(
      `/api/oee/trend?factory=${harness().factory}&from=${harness().days[0]}&to=${last}`,
    );
    expect(all.total!.oee as number).toBeCloseTo(trend.total.oee as number, 12);
    const mean = trend.days.reduce((a, d) => a + Number(d.oee), 0) / trend.days.length;
    expect(Math.abs((all.total!.oee as number) - mean)).toBeGreaterThan(1e-12);
    await page.locator('[data-testid="scope-week"]').click();
    const from = new Date(Date.parse(`${last}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    const week = await harness().api<Oee>(
      `/api/oee?factory=${harness().factory}&from=${from < harness().days[0]! ? harness().days[0] : from}&to=${last}`,
    );
    await expect.poll(() => shown(page, 'pq-total')).toBe(week.total!.pq);
    expect(await shown(page, 'oee-total')).toBe(week.total!.oee);
  });

  it('shows each KPI definition on hover', async () => {
    const page = await harness().open('/oee');
    const tile = page.locator('[data-testid="availability-total"]');
    await tile.hover();
    expect(await tile.getAttribute('title')).toMatch(/APT \/ PBT/);
    const loss = page.locator('[data-testid="waterfall-fully_productive"]');
    await loss.hover();
    expect(await loss.getAttribute('title')).toMatch(/OEE × PBT/);
    expect(await page.locator('[data-testid="oee-total"]').getAttribute('title')).toMatch(
      /Availability × Performance × Quality/,
    );
  });

  it('follows the day selector and the play control', async () => {
    const page = await harness().open('/oee');
    const first = harness().days[0]!;
    await page.locator('[data-testid="day-select"]').selectOption(first);
    const a = await oee(first);
    await expect.poll(() => shown(page, 'oee-total')).toBe(a.total!.oee);
    // 1000×: a plant day passes in ~24 ms, so play runs to the last day and stops there.
    await page.locator('[data-testid="speed-1000"]').click();
    await page.locator('[data-testid="play"]').click();
    const last = await oee(harness().days.at(-1)!);
    await expect
      .poll(() => page.locator('[data-testid="day-select"]').inputValue(), { timeout: 20_000 })
      .toBe(harness().days.at(-1));
    await expect.poll(() => shown(page, 'oee-total')).toBe(last.total!.oee);
    await expect
      .poll(() => page.locator('[data-testid="play"]').textContent(), { timeout: 10_000 })
      .toMatch(/Play/);
  });
});

describe('OEE page on an empty warehouse', () => {
  const empty = setupHarness({ empty: true });

  it('says "no data", never 0 %', async () => {
    const page = await empty().open('/oee');
    await page.locator('[data-testid="oee-summary"]').getByText('no data').waitFor();
    const text = (await page.locator('[data-testid="page-oee"]').textContent()) ?? '';
    expect(text).not.toMatch(/\b0(\.0)? %/);
    await empty().screenshot(page, 'oee-empty');
  });
});
