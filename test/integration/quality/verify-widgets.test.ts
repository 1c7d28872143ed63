/**
 * Verification of the widget plant (topics drop) with default chaos over a realistic span: every
 * truth metric reconciles exactly and every recoverable chaos type is found with precision and recall
 * 1.0; the unrecoverable types are listed with their counts, and so are injections on records that a
 * malformed line destroyed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { readLedger } from '../../../src/quality/chaos-score.ts';
import { type VerifyReport, verify } from '../../../src/quality/verify.ts';
import { simulate } from '../../../src/sim/run.ts';
import { loadProject } from '../../../src/transform/project.ts';
import { build } from '../../../src/transform/runner.ts';
import { tempDir } from '../../helpers/tmp.ts';

/** Schema drift starts on day 15: the span must reach past it (30 days: see the README's numbers). */
const DAYS = 20;
const dir = tempDir('verify-widgets');
const src = join(dir.path, 'drop');
const db = join(dir.path, 'w.duckdb');
let report: VerifyReport;
/** What a daily pipeline run does: verify one settled day (its truth, its drop's chaos). */
let dayReport: VerifyReport;
/** Telemetry readings stamped before their drop's day, by whether silver calls them late. */
let beforeDropDay: { late: number; onTime: number };

beforeAll(async () => {
  await simulate({ scenario: loadScenario('widgets'), start: '2025-12-01', days: DAYS, seed: 42, out: src });
  const wh = await Warehouse.open(db, 'test');
  try {
    await ingest(wh, { sourceDir: src });
    const b = await build(wh, loadProject());
    expect(b.errors).toBe(0);
    report = await verify(wh.conn, { sourceDir: src });
    dayReport = await verify(wh.conn, { sourceDir: src, days: ['2025-12-16'] });
    const r = await wh.conn.runAndReadAll(
      `SELECT count(*) FILTER (WHERE is_late)::INTEGER AS late, count(*) FILTER (WHERE NOT is_late)::INTEGER AS on_time
       FROM silver.int_widgets__telemetry WHERE event_date < delivered_on`,
    );
    const [row] = r.getRowObjectsJS() as { late: number; on_time: number }[];
    beforeDropDay = { late: row?.late ?? 0, onTime: row?.on_time ?? 0 };
  } finally {
    await wh.close();
  }
}, 300_000);

afterAll(() => dir.remove());

describe(`verify on ${DAYS} days of widgets`, () => {
  it('reconciles every truth metric exactly', () => {
    expect(report.mismatched.slice(0, 5)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.days).toBe(DAYS);
    expect(report.compared).toBeGreaterThan(20_000);
    expect(report.notCompared).toEqual([]);
  });

  it('finds every recoverable chaos type with precision and recall 1.0', () => {
    const chaos = report.chaos ?? [];
    const recoverable = chaos.filter((c) => c.recoverable);
    expect(recoverable.map((c) => c.type).sort()).toEqual([
      'duplicate_record',
      'late_arrival',
      'machine_id_spelling',
      'out_of_order',
      'product_name_spelling',
      'schema_drift',
      'timezone_mix',
      'unit_change',
    ]);
    for (const c of recoverable) {
      expect(c.scored, c.type).toBe(true);
      expect(c.injected, c.type).toBeGreaterThan(0);
      expect([c.type, c.precision, c.recall]).toEqual([c.type, 1, 1]);
    }
  });

  it('scores one verified day on its own drop, as a daily pipeline run does', () => {
    expect(dayReport.ok).toBe(true);
    expect(dayReport.days).toBe(1);
    for (const c of (dayReport.chaos ?? []).filter((x) => x.recoverable && x.injected > 0))
      expect([c.type, c.precision, c.recall]).toEqual([c.type, 1, 1]);
    const all = new Map((report.chaos ?? []).map((c) => [c.type, c.detected]));
    const late = dayReport.chaos?.find((c) => c.type === 'late_arrival');
    expect(late?.injected).toBeGreaterThan(0);
    expect(late?.detected).toBeLessThan((all.get('late_arrival') ?? 0) / 5);
  });

  it('lists the unrecoverable types and the injections a malformed line destroyed, with counts', () => {
    const chaos = report.chaos ?? [];
    const lost = chaos.filter((c) => !c.recoverable).map((c) => [c.type, c.injected > 0]);
    expect(lost).toEqual([
      ['malformed_row', true],
      ['outlier', true],
      ['sensor_null', true],
      ['timestamp_drift', true],
    ]);
    // Every ledger entry is either scored (injected) or counted as destroyed with its record.
    const ledger = readLedger(src).filter((e) => e.file !== 'plant');
    const malformed = new Set(
      ledger.filter((e) => e.type === 'malformed_row').map((e) => `${e.file}#${e.ordinal}`),
    );
    const expected = new Map<string, number>();
    for (const e of ledger)
      if (e.type !== 'malformed_row' && malformed.has(`${e.file}#${e.ordinal}`))
        expected.set(e.type, (expected.get(e.type) ?? 0) + 1);
    expect(expected.size).toBeGreaterThan(0);
    for (const c of chaos) expect([c.type, c.destroyed]).toEqual([c.type, expected.get(c.type) ?? 0]);
  });

  it('does not take a sensor clock drifted across midnight for a late reading', () => {
    // Readings stamped seconds before midnight at the head of the next day's drop are on time;
    // readings a day or two late come after a day of newer ones and are late.
    expect(beforeDropDay.onTime).toBeGreaterThan(0);
    expect(beforeDropDay.late).toBeGreaterThan(beforeDropDay.onTime);
  });
});
