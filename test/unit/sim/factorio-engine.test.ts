/**
 * The factorio plant's clean events over 30 days: time accounted exactly, material balanced,
 * truth equal to the sums of the events, and days at the seed's scale.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import type { DayTruth } from '../../../src/contracts/truth.ts';
import type { DayEvents } from '../../../src/sim/engine/events.ts';
import { PlantSimulation } from '../../../src/sim/plant/plant.ts';
import { SeedSink } from '../../../src/sim/sinks/seed.ts';
import { computeDayTruth } from '../../../src/sim/truth/day-truth.ts';

interface Day {
  events: DayEvents;
  truth: DayTruth;
  sensorEnergy: Map<string, number>;
}

const days: Day[] = [];

beforeAll(() => {
  const scenario = loadScenario('factorio');
  const sim = new PlantSimulation(scenario, { start: '2025-12-01', days: 30, seed: 7 });
  const sink = new SeedSink({ scenario, seed: 7 });
  for (const events of sim.days()) {
    const sensorEnergy = new Map<string, number>();
    const logs = sink.tables(events).find((t) => t.source === 'sensor_logs');
    for (const r of logs?.rows ?? []) {
      const id = r.machine_id as string;
      sensorEnergy.set(id, (sensorEnergy.get(id) ?? 0) + Math.round((r.energy_kwh as number) * 100));
    }
    days.push({ events, truth: computeDayTruth(events, scenario, sim.calendar), sensorEnergy });
  }
});

describe('factorio engine, 30 days', () => {
  it('accounts every millisecond of every machine in exactly one state', () => {
    for (const { events } of days) {
      const byMachine = new Map<string, number>();
      for (const i of events.states) {
        expect(i.end).toBeGreaterThan(i.start);
        byMachine.set(i.machineId, (byMachine.get(i.machineId) ?? 0) + i.end - i.start);
      }
      expect(byMachine.size).toBe(3);
      for (const total of byMachine.values()) expect(total).toBe(events.end - events.start);
      // …and the intervals of one machine never overlap.
      const sorted = [...events.states].sort((a, b) =>
        a.machineId < b.machineId ? -1 : a.machineId > b.machineId ? 1 : a.start - b.start,
      );
      for (let k = 1; k < sorted.length; k++) {
        const a = sorted[k - 1];
        const b = sorted[k];
        if (a && b && a.machineId === b.machineId) expect(b.start).toBe(a.end);
      }
    }
  });

  it('keeps ISO time elements consistent: PBT = APT + ASUT + ADET + down + ADOT', () => {
    for (const { truth } of days) {
      for (const m of Object.values(truth.by_machine)) {
        const t = m.time;
        if (!t) throw new Error('missing time elements');
        expect(t.apt_s + t.asut_s + t.adet_s + t.down_s + t.adot_s).toBeCloseTo(t.pbt_s, 6);
        expect(t.pot_s).toBe(16 * 3600);
      }
    }
  });

  it('makes units = good + scrap on every run and in the truth', () => {
    for (const { events, truth } of days) {
      for (const r of events.runs) expect(r.units).toBeGreaterThanOrEqual(r.defective);
      for (const m of Object.values(truth.by_machine))
        expect(m.good_units).toBe(m.units_produced - m.units_defective);
    }
  });

  it('balances material: plates consumed = 2 × gears made, ore consumed = plates made', () => {
    for (const { events } of days) {
      const gears = events.runs.filter((r) => r.item === 'gear_wheel');
      const plates = events.runs.filter((r) => r.item === 'iron_plate');
      expect(gears.reduce((a, r) => a + (r.consumed.iron_plate ?? 0), 0)).toBe(
        2 * gears.reduce((a, r) => a + r.units, 0),
      );
      expect(plates.reduce((a, r) => a + (r.consumed.iron_ore ?? 0), 0)).toBe(
        plates.reduce((a, r) => a + r.units, 0),
      );
    }
  });

  it('carries every buffer from one day to the next: closing = next opening, never negative', () => {
    for (let d = 0; d < days.length; d++) {
      const today = days[d] as Day;
      for (const m of today.events.inventory) expect(m.onHand).toBeGreaterThanOrEqual(0);
      const next = days[d + 1];
      if (!next) continue;
      for (const [id, b] of Object.entries(today.truth.buffers ?? {})) {
        expect(b.closing).toBe(next.events.openingStock[id]);
        expect(b.opening + b.produced + b.received + b.returned - b.consumed - b.shipped).toBe(b.closing);
      }
    }
  });

  it('makes truth totals equal the sums of the clean events', () => {
    for (const { events, truth } of days) {
      expect(truth.total_batches).toBe(events.runs.length);
      const units = events.runs.reduce((a, r) => a + r.units, 0);
      expect(truth.factory_totals.units_produced).toBe(units);
      const cents = events.runs.reduce((a, r) => a + Math.round(r.energyKwh * 100), 0);
      expect(Math.round(truth.factory_totals.energy_consumed_kwh * 100)).toBe(cents);
      const byProduct = Object.values(truth.by_product).reduce((a, p) => a + p.units_produced, 0);
      expect(byProduct).toBe(units);
      for (const [id, m] of Object.entries(truth.by_machine)) {
        const runs = events.runs.filter((r) => r.machineId === id);
        expect(m.batches).toBe(runs.length);
        expect(m.units_defective).toBe(runs.reduce((a, r) => a + r.defective, 0));
        expect(m.time?.failures).toBe(events.failures.filter((f) => f.machineId === id).length);
      }
    }
  });

  it('has sensors and batches agree on energy, to the cent', () => {
    for (const { truth, sensorEnergy } of days) {
      for (const [id, m] of Object.entries(truth.by_machine)) {
        expect(sensorEnergy.get(id) ?? 0).toBe(Math.round(m.energy_consumed_kwh * 100));
      }
    }
  });

  it('runs days at the seed scale', () => {
    for (const { truth } of days) {
      expect(truth.total_batches).toBeGreaterThanOrEqual(27);
      expect(truth.total_batches).toBeLessThanOrEqual(40);
      expect(truth.factory_totals.units_produced).toBeGreaterThanOrEqual(1800);
      expect(truth.factory_totals.units_produced).toBeLessThanOrEqual(2600);
      expect(truth.factory_totals.energy_consumed_kwh).toBeGreaterThanOrEqual(190);
      expect(truth.factory_totals.energy_consumed_kwh).toBeLessThanOrEqual(300);
      const rate = truth.factory_totals.units_defective / truth.factory_totals.units_produced;
      expect(rate).toBeGreaterThan(0.005);
      expect(rate).toBeLessThan(0.04);
    }
    const typical = days.filter(({ truth }) => truth.total_batches >= 27 && truth.total_batches <= 36).length;
    expect(typical / days.length).toBeGreaterThan(0.8);
  });

  it('degrades SMELTER-02 by 2 points a day until an overhaul restores it', () => {
    const eff = days.map((d) => d.events.efficiency['SMELTER-02'] as number);
    expect(eff.slice(0, 7)).toEqual([1, 0.98, 0.96, 0.94, 0.92, 0.9, 0.88]);
    const overhauls = days.flatMap((d) => d.events.states.filter((s) => s.reason === 'overhaul'));
    expect(overhauls.length).toBeGreaterThanOrEqual(2);
    expect(
      days.flatMap((d) => d.events.master.filter((m) => m.lastOverhaulOn !== null)).length,
    ).toBeGreaterThan(0);
  });

  it('changes master data over time (history matters)', () => {
    const line = (d: number) => days[d]?.events.master.find((m) => m.machineId === 'SMELTER-01')?.lineId;
    expect(line(9)).toBe('L1');
    expect(line(10)).toBe('L2');
    const kwh = days[25]?.events.runs.find((r) => r.machineId === 'SMELTER-01')?.kwhPerUnit;
    expect(kwh).toBe(0.115);
  });

  it('fails and repairs machines, and starves nothing it should not', () => {
    const failures = days.reduce((a, d) => a + d.events.failures.length, 0);
    expect(failures).toBeGreaterThan(5);
    const states = new Set(days.flatMap((d) => d.events.states.map((s) => s.state)));
    for (const s of ['producing', 'setup', 'minor_stop', 'failed', 'planned_maintenance', 'off_shift'])
      expect(states).toContain(s);
  });
});
