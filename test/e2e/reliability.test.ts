/**
 * The Reliability page in headless Chromium on the shared demo warehouse: MTBF, MTTR and failures on
 * screen equal the API's (and the API's equal the truth), the state timeline draws and its clock line
 * follows the time controls, definitions show on hover, and an empty warehouse shows "no data".
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setupHarness } from './harness.ts';

type Row = Record<string, number | string | null>;
interface Reliability {
  total: Row | null;
  machines: Row[];
  failures: Row[];
  days: Row[];
}
interface Truth {
  by_machine: Record<string, { time: Record<string, number>; kpi: Record<string, number | null> }>;
}

const harness = setupHarness();

const reliability = (from: string, to = from) =>
  harness().api<Reliability>(`/api/reliability?factory=${harness().factory}&from=${from}&to=${to}`);

async function shown(page: Page, testId: string): Promise<number | null> {
  const v = await page.locator(`[data-testid="${testId}"]`).first().getAttribute('data-value');
  return v === null || v === '' ? null : Number(v);
}

describe('Reliability page', () => {
  it('shows the API numbers of a day with a failure, and the API equals the truth', async () => {
    // The first day with a failure (the demo has some); else the comparison would be all "no data".
    const all = await reliability(harness().days[0]!, harness().days.at(-1)!);
    const day = all.days.find((d) => Number(d.failures) > 0)?.event_date as string | undefined;
    expect(day, 'the demo has a failure').toBeDefined();
    const api = await reliability(day!);
    const page = await harness().open('/reliability');
    await page.locator('[data-testid="day-select"]').selectOption(day!);
    await expect.poll(() => shown(page, 'failures-total')).toBe(api.total!.failures);
    for (const k of ['mtbf', 'mttr']) expect(await shown(page, `${k}-total`)).toBe(api.total![`${k}_s`]);
    expect(await shown(page, 'restorations-total')).toBe(api.total!.restorations);
    expect(await shown(page, 'operating-total')).toBe(api.total!.operating_s);
    const truth = harness().truth(day!) as unknown as Truth;
    for (const m of api.machines) {
      expect(await shown(page, `mtbf-${m.machine_id}`)).toBe(m.mtbf_s);
      expect(await shown(page, `mttr-${m.machine_id}`)).toBe(m.mttr_s);
      expect(await shown(page, `failures-${m.machine_id}`)).toBe(m.failures);
      const want = truth.by_machine[m.machine_id as string]!;
      expect(m.failures).toBe(want.time.failures);
      expect(m.mtbf_s).toBe(want.kpi.mtbf_s);
      expect(m.mttr_s).toBe(want.kpi.mttr_s);
    }
    expect(await page.locator('[data-testid="failure-list"] tbody tr').count()).toBe(api.failures.length);
    await page.locator('[data-testid="timeline-chart"] canvas').first().waitFor();
    await harness().screenshot(page, 'reliability');
  });

  it('says MTBF "no data" (not 0) on a day without failures, and shows definitions on hover', async () => {
    const all = await reliability(harness().days[0]!, harness().days.at(-1)!);
    const quiet = all.days.find((d) => Number(d.failures) === 0)?.event_date as string;
    const page = await harness().open('/reliability');
    await page.locator('[data-testid="day-select"]').selectOption(quiet);
    const mtbf = page.locator('[data-testid="mtbf-total"]');
    await expect.poll(() => mtbf.textContent()).toBe('no data');
    await page.locator('[data-testid="no-failures"]').waitFor();
    await mtbf.hover();
    expect(await mtbf.getAttribute('title')).toMatch(/\(APT \+ ASUT\) \/ failures/);
    expect(await page.locator('[data-testid="mttr-total"]').getAttribute('title')).toMatch(
      /time to restoration/,
    );
  });

  it('moves the timeline clock line with the time controls', async () => {
    const page = await harness().open('/reliability');
    await page.locator('[data-testid="timeline-chart"] canvas').first().waitFor();
    const before = await page.locator('[data-testid="timeline-chart"]').screenshot();
    await page.locator('[data-testid="day-select"]').selectOption(harness().days.at(-1)!); // clock at 23:59
    await page.locator('[data-testid="speed-1000"]').click();
    await page.locator('[data-testid="play"]').click(); // from the end of the last day: starts it over
    await expect.poll(() => page.locator('[data-testid="clock"]').textContent()).not.toBe('23:59');
    await page.locator('[data-testid="play"]').click(); // pause mid-day
    const clock = await page.locator('[data-testid="clock"]').textContent();
    await page.waitForTimeout(300);
    const after = await page.locator('[data-testid="timeline-chart"]').screenshot();
    expect(after.equals(before), `the clock line moved to ${clock}`).toBe(false);
    await harness().screenshot(page, 'reliability-playing');
  });
});

describe('Reliability page on an empty warehouse', () => {
  const empty = setupHarness({ empty: true });

  it('says "no data", never 0', async () => {
    const page = await empty().open('/reliability');
    await page.locator('[data-testid="reliability-summary"]').getByText('no data').waitFor();
    await page.locator('[data-testid="state-timeline"]').getByText('no data').waitFor();
    expect(await page.locator('[data-testid="mtbf-total"]').count()).toBe(0);
  });
});
