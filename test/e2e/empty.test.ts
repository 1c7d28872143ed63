/** The dashboard on an empty warehouse says "no data" everywhere and never shows 0 % for it. */
import { describe, expect, it } from 'vitest';
import { setupHarness } from './harness.ts';

const empty = setupHarness({ empty: true });

describe('empty warehouse', () => {
  it.each(['/control', '/pipeline'])('%s shows "no data", never a zero percentage', async (route) => {
    const h = empty();
    const page = await h.open(route);
    await page.getByText('no data').first().waitFor();
    await page.waitForLoadState('networkidle');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/\b0(\.0)? %/);
    expect(await page.locator('[data-testid="no-days"]').textContent()).toBe('no data');
    await h.screenshot(page, `empty${route.replace('/', '-')}`);
  });
});
