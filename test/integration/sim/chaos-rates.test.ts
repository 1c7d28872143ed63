/**
 * Done-when 5, the rates: chaos injects at the configured rates and leaves the truth alone, on the
 * two factorio runs of chaos-cases.ts (default and boosted chaos).
 * - per-row types: injected / eligible within a binomial 4.5-sigma band, eligible rows being the
 *   records of the type's default sources (from truth.counts); sensor_null and outlier per measure;
 * - degradation: one entry per degraded machine per day, at the configured daily loss;
 *   unit_change: ceil(rate × machines) machines, every reading of theirs from from_day on.
 * LEDGER_RATES=1 prints each rate check's count, expected mean and z-score.
 * (What the ledger says about each file's records: chaos-ledger.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChaosConfig } from '../../../src/config/chaos-schema.ts';
import { EXTRA_FILES } from '../../../src/contracts/extras.ts';
import { SEED_FILES } from '../../../src/contracts/seed-drop.ts';
import { type Case, registerChaosCases } from './chaos-cases.ts';
import { DEFAULT_SOURCES, dayIndex, entriesOf, MACHINES, MEASURES } from './chaos-drop.ts';
import { type Band, binomialBand, readCsv, readJson, sum } from './helpers.ts';

const cases = registerChaosCases();

function expectInBand(count: number, band: Band, what: string): void {
  const msg = `${what}: ${count} injected, expected ${band.mean.toFixed(1)} ± 4.5 × ${band.sd.toFixed(1)}`;
  if (process.env.LEDGER_RATES) console.log(`${msg}  (z = ${((count - band.mean) / band.sd).toFixed(2)})`);
  expect(count, msg).toBeGreaterThanOrEqual(band.lo);
  expect(count, msg).toBeLessThanOrEqual(band.hi);
}

describe.each([0, 1])('chaos rates, factorio 30 days (%#: default, boosted)', (which) => {
  const c = () => cases()[which] as Case;
  const chaos = () => c().drop.run.scenario.chaos;
  const rateOf = (type: keyof ChaosConfig) => (chaos()[type] as { rate: number } | undefined)?.rate ?? 0;
  /** Σ over days of the clean records of `sources`. */
  const eligible = (sources: readonly string[]) =>
    sum(c().drop.counts.map((n) => sum(sources.map((s) => n[s] ?? 0))));

  it('keeps the truth as it is without chaos (truth comes from the clean events)', () => {
    const { drop, twin } = c();
    for (const date of drop.run.dates) {
      const a = readFileSync(join(drop.run.dir, 'ground_truth', date, 'truth.json'), 'utf8');
      const b = readFileSync(join(twin.dir, 'ground_truth', date, 'truth.json'), 'utf8');
      expect(a, date).toBe(b);
    }
  });

  it.each([
    'product_name_spelling',
    'machine_id_spelling',
    'timestamp_drift',
    'timezone_mix',
    'duplicate_record',
    'malformed_row',
  ] as const)('injects %s into rows of its default sources at its rate', (type) => {
    const p = rateOf(type);
    expect(p).toBeGreaterThan(0);
    const injected = entriesOf(c().drop, type);
    for (const e of injected) expect(DEFAULT_SOURCES[type]).toContain(e.source);
    // Rows chosen once, one entry each (each of these sources has one field per type).
    expect(new Set(injected.map((e) => `${e.file}#${e.ordinal}`)).size).toBe(injected.length);
    const n = eligible(DEFAULT_SOURCES[type]);
    expectInBand(injected.length, binomialBand([[n, p]]), `${type} over ${n} rows`);
  });

  it('delays rows at late_arrival rate, except where the delivery day would pass the last day', () => {
    const { drop } = c();
    const cfg = chaos().late_arrival as { rate: number; days: [number, number] };
    const [a, b] = cfg.days;
    const days = drop.run.days;
    const parts = drop.counts.map((n, d) => {
      const ok = Array.from({ length: b - a + 1 }, (_, k) => a + k).filter((k) => d + k <= days - 1).length;
      const rows = sum(DEFAULT_SOURCES.late_arrival.map((s) => n[s] ?? 0));
      return [rows, (cfg.rate * ok) / (b - a + 1)] as const;
    });
    const late = entriesOf(drop, 'late_arrival');
    for (const e of late) expect(DEFAULT_SOURCES.late_arrival).toContain(e.source);
    expectInBand(late.length, binomialBand(parts), 'late_arrival');
  });

  it('moves rows out of order at out_of_order rate (eligible: the rows in the file, copies included)', () => {
    const { drop } = c();
    const dups = entriesOf(drop, 'duplicate_record');
    const n =
      eligible(DEFAULT_SOURCES.out_of_order) +
      dups.filter((e) => (DEFAULT_SOURCES.out_of_order as readonly string[]).includes(e.source)).length;
    const moved = entriesOf(drop, 'out_of_order');
    for (const e of moved) {
      expect(DEFAULT_SOURCES.out_of_order).toContain(e.source);
      // positions before and after the move; the entry sits at the new one
      expect(e.dirty_value).toBe(e.ordinal);
    }
    // Each moved row is at least 2 places away from where it was, counted in the rows that stayed put
    // (its absolute position may even be unchanged when other moved rows left from before it).
    for (const f of drop.files.values()) {
      const movers = moved.filter((e) => e.file === f.rel);
      if (movers.length === 0) continue;
      const moverAt = new Set(movers.map((e) => e.ordinal as number));
      const cleanPos = movers.map((e) => e.clean_value as number);
      for (const e of movers) {
        const was =
          (e.clean_value as number) - 1 - cleanPos.filter((p) => p < (e.clean_value as number)).length;
        let now = 0;
        for (let o = 1; o < (e.ordinal as number); o++) if (!moverAt.has(o)) now++;
        expect(Math.abs(now - was), `${f.rel}#${e.ordinal}`).toBeGreaterThanOrEqual(2);
      }
    }
    expectInBand(moved.length, binomialBand([[n, rateOf('out_of_order')]]), `out_of_order over ${n} rows`);
  });

  it('nulls and spikes each sensor measure at its rate (per field)', () => {
    const { drop } = c();
    const readings = eligible(['sensor_logs']);
    const perField = (type: string, field: string) =>
      drop.ledger.filter((e) => e.type === type && e.source === 'sensor_logs' && e.field === field).length;
    for (const type of ['sensor_null', 'outlier'])
      for (const e of entriesOf(drop, type)) expect(MEASURES).toContain(e.field as (typeof MEASURES)[number]);
    for (const field of MEASURES) {
      // Chaos never stacks on one field: a °F reading is not also spiked or nulled, a spike is not nulled.
      const converted = perField('unit_change', field);
      const spiked = perField('outlier', field);
      const nulled = perField('sensor_null', field);
      expectInBand(spiked, binomialBand([[readings - converted, rateOf('outlier')]]), `outlier ${field}`);
      expectInBand(
        nulled,
        binomialBand([[readings - converted - spiked, rateOf('sensor_null')]]),
        `sensor_null ${field}`,
      );
    }
  });

  it('converts every reading of ceil(rate × machines) machines to °F from from_day on', () => {
    const { drop, twin } = c();
    const cfg = chaos().unit_change as { rate: number; from_day: number };
    const entries = entriesOf(drop, 'unit_change');
    const machines = new Set(entries.map((e) => e.record_key.split('@')[0] as string));
    expect(machines.size).toBe(Math.ceil(cfg.rate * MACHINES.length));
    for (const e of entries) {
      expect(e.source).toBe('sensor_logs');
      expect(e.field).toBe('temperature');
      expect(dayIndex(drop.run, e.event_date)).toBeGreaterThanOrEqual(cfg.from_day);
      expect(e.dirty_value).toBe(Math.round((e.clean_value as number) * 1800 + 32000) / 1000);
    }
    // Exactly the readings of those machines on those days (counted in the chaos-off twin).
    let expected = 0;
    twin.dates.forEach((date, d) => {
      if (d < cfg.from_day) return;
      const readings = readJson<{ machine_id: string }[]>(
        join(twin.dir, 'raw_data', date, SEED_FILES.sensor_logs),
      );
      expected += readings.filter((r) => machines.has(r.machine_id)).length;
    });
    expect(entries.length).toBe(expected);
  });

  it('writes one degradation entry per degraded machine per day, at the configured daily loss', () => {
    const { drop } = c();
    const cfg = chaos().degradation as { rate: number; machines: string[] };
    const scenario = drop.run.scenario;
    const degraded = scenario.machines.filter((m) =>
      cfg.machines.includes(m.id) ? cfg.rate > 0 : (m.degradation_per_day ?? 0) > 0,
    );
    expect(degraded.length).toBeGreaterThan(0);
    const entries = entriesOf(drop, 'degradation');
    drop.run.dates.forEach((date, d) => {
      const today = entries.filter((e) => e.event_date === date);
      const master = readCsv(join(drop.run.dir, 'raw_data', date, EXTRA_FILES.machine_master)).rows;
      for (const m of degraded) {
        const rate = cfg.machines.includes(m.id) ? cfg.rate : (m.degradation_per_day as number);
        const overhaul = master.find((r) => r.machine_id === m.id)?.last_overhaul_on;
        const since = overhaul ? dayIndex(drop.run, overhaul) : 0;
        const efficiency = Math.round((m.base_efficiency - rate * (d - since)) * 1e6) / 1e6;
        const mine = today.filter((e) => e.record_key === m.id);
        if (efficiency === m.base_efficiency) {
          expect(mine, `${date} ${m.id}`).toEqual([]);
          continue;
        }
        expect(mine, `${date} ${m.id}`).toHaveLength(1);
        expect(mine[0]).toMatchObject({
          source: 'plant',
          file: 'plant',
          ordinal: null,
          field: 'efficiency',
          clean_value: m.base_efficiency,
          dirty_value: efficiency,
        });
      }
      expect(today.every((e) => degraded.some((m) => m.id === e.record_key))).toBe(true);
    });
    expect(entries.length).toBeGreaterThanOrEqual(degraded.length * (drop.run.days - 2));
  });
});
