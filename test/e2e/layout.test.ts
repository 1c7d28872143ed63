/** The dashboard's frame: every page in the menu opens, the time controls and live strip are there. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setStreamStatus } from '../../src/stream/status.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 600_000);
afterAll(async () => {
  setStreamStatus(null);
  await h?.close();
});

describe('layout', () => {
  it('opens on the control center with the newest day selected and no stream', async () => {
    const page = await h.open('/control');
    expect(await page.locator('[data-testid="day-select"]').inputValue()).toBe(h.days.at(-1));
    expect(await page.locator('[data-testid="day-select"] option').count()).toBe(h.days.length);
    await page.locator('[data-testid="live-strip"]').getByText('no stream').waitFor();
    await page.locator('[data-testid="nav-pipeline"]').click();
    await page.locator('[data-testid="page-pipeline"]').waitFor();
  });

  it('shows stream lag and throughput from the live feed once an ingester reports', async () => {
    const page = await h.open('/control');
    await page.locator('[data-testid="live-strip"]').getByText('no stream').waitFor();
    // The server runs in this process: publish as the ingester would.
    const consumer = {
      stream: 'WIDGETS_MACHINE_TELEMETRY',
      consumer: 'ingest',
      table: 'machine_telemetry',
      pending: 12,
      ackPending: 0,
      committedSeq: 88,
      lastSeq: 100,
      eventsPerSec: 41.5,
      lagSeconds: 2.25,
    };
    setStreamStatus({
      updatedAt: new Date().toISOString(),
      server: 'nats://127.0.0.1:4222',
      connected: true,
      totalEvents: 88,
      totalQuarantined: 0,
      streams: [
        consumer,
        { ...consumer, stream: 'WIDGETS_QUALITY_CONTROL', eventsPerSec: 3.5, lagSeconds: null },
      ],
    });
    const lag = page.locator('[data-testid="stream-lag"]');
    await lag.waitFor({ timeout: 10_000 });
    expect(await lag.getAttribute('data-value')).toBe('2.25');
    expect(await page.locator('[data-testid="stream-throughput"]').getAttribute('data-value')).toBe('45');
    await h.screenshot(page, 'live-strip');
  });
});
