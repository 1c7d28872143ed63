/**
 * The Control center in Chromium on the shared demo warehouse: numbers on screen equal the API's,
 * the API's equal the truth files, and the time controls (day, play/pause, speeds) drive the page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

interface Machine {
  machine_id: string;
  pq: number | null;
  oee: number | null;
  efficiency: number | null;
}
interface Truth {
  by_machine: Record<string, { units_produced: number; kpi: { oee: number } }>;
  by_product: Record<string, { units_produced: number }>;
}

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.open('/control');
}, 600_000);
afterAll(async () => {
  await h?.close();
});

const value = async (testId: string) =>
  page.locator(`[data-testid="${testId}"]`).first().getAttribute('data-value', { timeout: 10_000 });

async function selectDay(day: string) {
  await page.locator('[data-testid="day-select"]').selectOption(day);
  // Wait until the floor shows that day's numbers (the API answer for it).
  const floor = await h.api<{ machines: Machine[] }>(`/api/control/floor?day=${day}`);
  const m = floor.machines[0] as Machine;
  await expect
    .poll(() => page.locator(`[data-testid="pq-${m.machine_id}"]`).getAttribute('data-value'), {
      timeout: 10_000,
    })
    .toBe(String(m.pq));
}

describe('control center', () => {
  it('shows per-machine output and OEE equal to the API, and the API equal to the truth', async () => {
    for (const day of [h.days[0] as string, h.days.at(-1) as string]) {
      await selectDay(day);
      const truth = h.truth(day) as unknown as Truth;
      const floor = await h.api<{ machines: Machine[] }>(`/api/control/floor?day=${day}`);
      expect(floor.machines.map((m) => m.machine_id).sort()).toEqual(Object.keys(truth.by_machine).sort());
      for (const m of floor.machines) {
        const t = truth.by_machine[m.machine_id];
        expect(m.pq).toBe(t?.units_produced);
        expect(m.oee).toBeCloseTo(t?.kpi.oee as number, 9);
        expect(Number(await value(`pq-${m.machine_id}`))).toBe(m.pq);
        expect(Number(await value(`oee-${m.machine_id}`))).toBe(m.oee);
        const shown = await page.locator(`[data-testid="oee-${m.machine_id}"] .kpi-text`).textContent();
        expect(shown).toBe(`${((m.oee as number) * 100).toFixed(1)} %`);
      }
    }
  });

  it('shows each machine in the state the timeline gives at the clock', async () => {
    const day = h.days.at(-1) as string;
    await selectDay(day);
    const clock = 86_399; // a selected day starts at its last second: 23:59:59
    expect(await page.locator('[data-testid="clock"]').textContent()).toBe('23:59');
    const t = await h.api<{
      states: { machine_id: string; states: string[]; starts: number[]; ends: number[] }[];
    }>(`/api/control/timeline?day=${day}`);
    for (const m of t.states) {
      const i = m.starts.findIndex((st, k) => st <= clock && clock < (m.ends[k] as number));
      const expected = i < 0 ? 'no data' : (m.states[i] as string).replaceAll('_', ' ');
      await expect
        .poll(() => page.locator(`[data-testid="state-${m.machine_id}"]`).textContent())
        .toBe(expected);
    }
  });

  it('shows daily product totals equal to the API and the truth, with a Sankey', async () => {
    const day = h.days.at(-1) as string;
    await selectDay(day);
    const truth = h.truth(day) as unknown as Truth;
    const flow = await h.api<{ products: { product_name: string; pq: number }[]; edges: unknown[] }>(
      `/api/control/flow?day=${day}`,
    );
    expect(flow.edges.length).toBeGreaterThan(0);
    expect(Object.fromEntries(flow.products.map((p) => [p.product_name, p.pq]))).toEqual(
      Object.fromEntries(Object.entries(truth.by_product).map(([k, v]) => [k, v.units_produced])),
    );
    for (const p of flow.products) expect(Number(await value(`product-pq-${p.product_name}`))).toBe(p.pq);
    await page.locator('[data-testid="sankey"] canvas').waitFor();
  });

  it('shows the data-quality counts of the API and an event log', async () => {
    const day = h.days.at(-1) as string;
    const q = await h.api<{ summary: { duplicated_batches: number; null_rate: number }; events: unknown[] }>(
      `/api/control/quality?day=${day}`,
    );
    expect(Number(await value('dq-duplicates'))).toBe(q.summary.duplicated_batches);
    expect(Number(await value('dq-null-rate'))).toBe(q.summary.null_rate);
    expect(q.events.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="dq-events"] > div[data-kind]').count()).toBe(q.events.length);
  });

  it('shows the degrading smelter falling in the efficiency chart and its gauges', async () => {
    const health = await h.api<{ efficiency: { machine_id: string; day: string; efficiency: number }[] }>(
      `/api/control/health?day=${h.days.at(-1)}`,
    );
    const s2 = health.efficiency.filter((r) => r.machine_id === 'SMELTER-02');
    expect(s2.length).toBe(h.days.length);
    expect((s2.at(-1) as { efficiency: number }).efficiency).toBeLessThan(s2[0]?.efficiency as number);
    // The gauges follow the machine doing worst that day: the degrading smelter.
    expect(await page.locator('[data-testid="gauge-machine"]').inputValue()).toBe('SMELTER-02');
    await page.locator('[data-testid="gauge-temperature"] canvas').waitFor();
    await h.screenshot(page, 'control-center');
  });

  it('drives the time controls: day selector, speeds, play and pause', async () => {
    await selectDay(h.days[0] as string);
    expect(await page.locator('[data-testid="clock"]').textContent()).toBe('23:59');
    for (const s of [10, 100, 1]) {
      await page.locator(`[data-testid="speed-${s}"]`).click();
      expect(await page.locator(`[data-testid="speed-${s}"]`).getAttribute('aria-pressed')).toBe('true');
    }
    // Playing rolls over from the end of the first day into the second.
    await page.locator('[data-testid="speed-1000"]').click();
    await page.locator('[data-testid="play"]').click();
    await expect
      .poll(() => page.locator('[data-testid="day-select"]').inputValue(), { timeout: 10_000 })
      .not.toBe(h.days[0]);
    await page.locator('[data-testid="play"]').click(); // pause
    const pausedOn = await page.locator('[data-testid="day-select"]').inputValue();
    const a = await page.locator('[data-testid="clock"]').textContent();
    await page.waitForTimeout(400);
    expect(await page.locator('[data-testid="clock"]').textContent()).toBe(a);
    await page.locator('[data-testid="speed-1"]').click();
    await page.locator('[data-testid="play"]').click();
    // 1× = one plant minute per second: the clock moves, the day stays.
    await expect
      .poll(() => page.locator('[data-testid="clock"]').textContent(), { timeout: 10_000 })
      .not.toBe(a);
    expect(await page.locator('[data-testid="day-select"]').inputValue()).toBe(pausedOn);
    await page.locator('[data-testid="play"]').click();
    await h.screenshot(page, 'control-center-playing');
  });
});
