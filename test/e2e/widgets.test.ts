/**
 * The Widgets page in headless Chromium: on a small widget-plant warehouse (1 day) the numbers on
 * screen equal the API's and the API's equal the truth, definitions show on hover; on the shared
 * factorio demo it says "no data for this plant" instead of zeros.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/lake/ingest.ts';
import { Warehouse } from '../../src/lake/warehouse.ts';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { loadProject } from '../../src/transform/project.ts';
import { build } from '../../src/transform/runner.ts';
import { cli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { builtWeb, demoTruth } from './demo.ts';
import { type Harness, startHarness } from './harness.ts';

type Row = Record<string, number | string | null>;
interface Widgets {
  plant: boolean | null;
  components: { total: Row; machines: Row[] };
  assembly: { total: Row; stations: Row[] };
  qc: { total: Row; types: Row[] };
  inventory: Row[];
  orders: { total: Row };
}
interface Truth {
  by_machine: Record<string, { units_produced: number; units_defective: number }>;
  qc: { checks: number; passed: number };
  buffers: Record<string, { opening: number; closing: number }>;
}

const DAY = '2025-12-01';
let h: Harness;
let dir: ReturnType<typeof tempDir>;
let widgets: RunningServer;

beforeAll(async () => {
  h = await startHarness();
  dir = tempDir('e2e-widgets');
  const sim = cli(['simulate', '--scenario', 'widgets', '--days', '1', '--seed', '42', '--out', dir.path]);
  expect(sim.code, sim.stderr).toBe(0);
  const wh = await Warehouse.open(join(dir.path, 'warehouse.duckdb'), 'test');
  await ingest(wh, { sourceDir: dir.path });
  await build(wh, loadProject());
  await wh.close();
  widgets = await startServer({
    dataDir: dir.path,
    host: '127.0.0.1',
    port: 0,
    token: null,
    schedule: '',
    webRoot: await builtWeb(),
  });
}, 600_000);

afterAll(async () => {
  await widgets?.close();
  await h?.close();
  dir?.remove();
});

async function shown(page: Page, testId: string): Promise<number | null> {
  const v = await page.locator(`[data-testid="${testId}"]`).first().getAttribute('data-value');
  return v === null || v === '' ? null : Number(v);
}

describe('Widgets page on the widget plant', () => {
  it('shows the API numbers, and the API equals the truth', async () => {
    const api = (await (await fetch(`${widgets.url}/api/widgets?from=${DAY}&to=${DAY}`)).json()) as Widgets;
    const page = await h.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    try {
      await page.goto(`${widgets.url}/#/widgets`);
      await page.locator('[data-testid="day-select"]').selectOption(DAY);
      await expect.poll(() => shown(page, 'components-total')).toBe(api.components.total.produced);
      expect(await shown(page, 'widgets-built')).toBe(api.assembly.total.built);
      expect(await shown(page, 'widgets-defective')).toBe(api.assembly.total.defective);
      expect(await shown(page, 'qc-pass-rate')).toBe(api.qc.total.pass_rate);
      expect(await shown(page, 'orders-total')).toBe(api.orders.total.orders);
      const truth = demoTruth(dir.path, DAY) as unknown as Truth;
      for (const m of api.components.machines) {
        expect(await shown(page, `components-${m.machine_id}`)).toBe(m.produced);
        expect(m.produced).toBe(truth.by_machine[m.machine_id as string]!.units_produced);
      }
      for (const s of api.assembly.stations) {
        expect(await shown(page, `built-${s.station_id}`)).toBe(s.built);
        const want = truth.by_machine[s.station_id as string]!;
        expect([s.built, s.defective]).toEqual([want.units_produced, want.units_defective]);
      }
      expect([api.qc.total.checks, api.qc.total.passed]).toEqual([truth.qc.checks, truth.qc.passed]);
      for (const r of api.inventory) {
        expect(await shown(page, `closing-${r.location}`)).toBe(r.closing_on_hand);
        const want = truth.buffers[r.location as string];
        if (want) expect([r.opening_on_hand, r.closing_on_hand]).toEqual([want.opening, want.closing]);
      }
      const rate = page.locator('[data-testid="component-defect-rate"]');
      await rate.hover();
      expect(await rate.getAttribute('title')).toMatch(/defect_count ≥ 2/);
      await page.locator('[data-testid="components-chart"] canvas').first().waitFor();
      await h.screenshot(page, 'widgets');
    } finally {
      await page.close();
    }
  });
});

describe('Widgets page on the factorio demo', () => {
  it('says "no data for this plant", not zeros', async () => {
    const page = await h.open('/widgets');
    await page.locator('[data-testid="widgets-no-plant"]').waitFor();
    expect(await page.locator('[data-testid="components-total"]').count()).toBe(0);
    expect((await page.locator('[data-testid="page-widgets"]').textContent()) ?? '').not.toMatch(
      /\b0(\.0)? %/,
    );
    await h.screenshot(page, 'widgets-factorio');
  });
});
