/**
 * Ground truth of one day, from the clean engine events (before chaos): the seed's keys, and
 * beside them per machine and per shift the ISO 22400 elements and KPIs, per product the counts,
 * the material flow between stages and each buffer's balance.
 */
import type { Scenario } from '../../config/scenario-schema.ts';
import type { MachineState } from '../../contracts/extras.ts';
import type { DayTruth, MaterialFlowEdge, TimeElements } from '../../contracts/truth.ts';
import type { DayEvents, RunEvent } from '../engine/events.ts';
import type { PlantCalendar, ShiftWindow } from '../plant/calendar.ts';
import { addElements, ELEMENT_OF, emptyElements, kpisOf, overlap, tidy } from './elements.ts';

const cents = (kwh: number) => Math.round(kwh * 100);

function shiftOf(t: number, shifts: ShiftWindow[]): string | null {
  for (const s of shifts) if (s.start <= t && t < s.end) return s.shiftId;
  return null;
}

function addRun(e: TimeElements, r: RunEvent): void {
  e.pq += r.units;
  e.sq += r.defective;
  e.gq += r.units - r.defective;
  e.ideal_time_s += (r.units * 3600) / r.idealRatePerHour;
}

export function computeDayTruth(day: DayEvents, s: Scenario, calendar: PlantCalendar): DayTruth {
  const names = new Map(s.items.map((i) => [i.id, i.name]));
  const shifts = calendar
    .shiftsBetween(day.date, day.date)
    .filter((w) => w.end > day.start && w.start < day.end);
  const calendarS = (day.end - day.start) / 1000;

  const byMachine: DayTruth['by_machine'] = {};
  const byShift: Record<string, Record<string, TimeElements>> = {};
  const energyCents = new Map<string, number>();
  for (const m of s.machines) {
    const e = emptyElements();
    e.calendar_s = calendarS;
    const perShift: Record<string, TimeElements> = {};
    // A night shift shows up twice in a calendar day (its tail from yesterday, its head tonight);
    // both parts add up under its id: shift facts are cut at plant-local midnight like everything else.
    for (const w of shifts) {
      const se = (perShift[w.shiftId] ??= emptyElements());
      const pot = overlap(w.start, w.end, day.start, day.end) / 1000;
      se.pot_s += pot;
      se.calendar_s += pot;
      e.pot_s += pot;
    }
    byShift[m.id] = perShift;
    byMachine[m.id] = {
      batches: 0,
      units_produced: 0,
      units_defective: 0,
      energy_consumed_kwh: 0,
      good_units: 0,
      states_s: {},
      time: e,
    };
    energyCents.set(m.id, 0);
  }

  for (const i of day.states) {
    const mt = byMachine[i.machineId];
    if (!mt?.time) continue;
    const states = mt.states_s as Partial<Record<MachineState, number>>;
    states[i.state] = (states[i.state] ?? 0) + (i.end - i.start) / 1000;
    const el = ELEMENT_OF[i.state];
    if (!el) continue;
    for (const w of shifts) {
      const ms = overlap(i.start, i.end, Math.max(w.start, day.start), Math.min(w.end, day.end));
      if (ms <= 0) continue;
      mt.time[el] += ms / 1000;
      (byShift[i.machineId]?.[w.shiftId] as TimeElements)[el] += ms / 1000;
    }
  }

  const byProduct: DayTruth['by_product'] = {};
  const productCents = new Map<string, number>();
  for (const r of day.runs) {
    const mt = byMachine[r.machineId];
    if (!mt?.time) continue;
    mt.batches++;
    mt.units_produced += r.units;
    mt.units_defective += r.defective;
    energyCents.set(r.machineId, (energyCents.get(r.machineId) ?? 0) + cents(r.energyKwh));
    addRun(mt.time, r);
    const sh = shiftOf(r.start, shifts);
    if (sh) addRun(byShift[r.machineId]?.[sh] as TimeElements, r);
    const name = names.get(r.item) ?? r.item;
    const p = (byProduct[name] ??= {
      batches: 0,
      units_produced: 0,
      units_defective: 0,
      good_units: 0,
      energy_consumed_kwh: 0,
    });
    p.batches++;
    p.units_produced += r.units;
    p.units_defective += r.defective;
    productCents.set(name, (productCents.get(name) ?? 0) + cents(r.energyKwh));
  }
  for (const [name, p] of Object.entries(byProduct)) {
    p.good_units = p.units_produced - p.units_defective;
    p.energy_consumed_kwh = (productCents.get(name) ?? 0) / 100;
  }

  for (const f of day.failures) {
    const mt = byMachine[f.machineId];
    if (!mt?.time) continue;
    mt.time.failures++;
    const sh = shiftOf(f.start, shifts);
    if (sh) (byShift[f.machineId]?.[sh] as TimeElements).failures++;
  }
  for (const f of day.restorations) {
    const mt = byMachine[f.machineId];
    if (!mt?.time) continue;
    mt.time.restorations++;
    mt.time.ttr_s += (f.end - f.start) / 1000;
    const sh = shiftOf(f.end - 1, shifts);
    if (sh) {
      const se = byShift[f.machineId]?.[sh] as TimeElements;
      se.restorations++;
      se.ttr_s += (f.end - f.start) / 1000;
    }
  }

  const total = emptyElements();
  let totalCents = 0;
  for (const [id, mt] of Object.entries(byMachine)) {
    const e = mt.time as TimeElements;
    e.pbt_s = e.pot_s - e.planned_downtime_s;
    e.operating_s = e.apt_s + e.asut_s;
    tidy(e);
    const c = energyCents.get(id) ?? 0;
    totalCents += c;
    mt.energy_consumed_kwh = c / 100;
    mt.good_units = mt.units_produced - mt.units_defective;
    mt.kpi = kpisOf(e, mt.energy_consumed_kwh);
    for (const se of Object.values(byShift[id] ?? {})) {
      se.pbt_s = se.pot_s - se.planned_downtime_s;
      se.operating_s = se.apt_s + se.asut_s;
      tidy(se);
    }
    addElements(total, e);
  }
  tidy(total);

  const units = day.runs.reduce((a, r) => a + r.units, 0);
  const defective = day.runs.reduce((a, r) => a + r.defective, 0);

  return {
    date: day.date,
    total_batches: day.runs.length,
    by_machine: byMachine,
    by_product: byProduct,
    factory_totals: {
      units_produced: units,
      units_defective: defective,
      energy_consumed_kwh: totalCents / 100,
      good_units: units - defective,
      time: total,
      kpi: kpisOf(total, totalCents / 100),
    },
    plant: s.name,
    factory_id: s.factory.id,
    timezone: s.factory.timezone,
    by_machine_shift: byShift,
    material_flow: materialFlow(day, s),
    buffers: bufferBalances(day, new Map(s.buffers.map((b) => [b.id, b.item]))),
    qc: {
      checks: day.qc.length,
      passed: day.qc.filter((q) => q.pass).length,
      failed: day.qc.filter((q) => !q.pass).length,
      by_reason: day.qc.reduce<Record<string, number>>((acc, q) => {
        for (const d of q.defects) acc[d] = (acc[d] ?? 0) + 1;
        return acc;
      }, {}),
    },
  };
}

/** Sankey edges: supply → raw buffer → machine → buffer → … → shipping, and machine → scrap. */
function materialFlow(day: DayEvents, s: Scenario): MaterialFlowEdge[] {
  const edges = new Map<string, MaterialFlowEdge>();
  const add = (from: string, to: string, item: string, q: number) => {
    if (q === 0) return;
    const key = `${from}\u0000${to}\u0000${item}`;
    const e = edges.get(key);
    if (e) e.quantity += q;
    else edges.set(key, { from, to, item, quantity: q });
  };
  const specs = new Map(s.machines.map((m) => [m.id, m]));
  for (const r of day.runs) {
    const spec = specs.get(r.machineId);
    if (!spec) continue;
    for (const [item, q] of Object.entries(r.consumed))
      add(spec.inputs[item] as string, r.machineId, item, q);
    add(r.machineId, spec.outputs[r.item] as string, r.item, r.units - r.defective);
    add(r.machineId, 'scrap', r.item, r.defective);
  }
  for (const m of day.inventory) {
    if (m.reason === 'received') add('supply', m.bufferId, m.item, m.change);
    if (m.reason === 'shipped') add(m.bufferId, 'shipping', m.item, -m.change);
  }
  return [...edges.values()].sort((a, b) => (a.from + a.to + a.item < b.from + b.to + b.item ? -1 : 1));
}

function bufferBalances(day: DayEvents, itemOf: Map<string, string>): NonNullable<DayTruth['buffers']> {
  const out: NonNullable<DayTruth['buffers']> = {};
  for (const [id, opening] of Object.entries(day.openingStock)) {
    out[id] = {
      item: itemOf.get(id) ?? '',
      opening,
      produced: 0,
      consumed: 0,
      returned: 0,
      shipped: 0,
      received: 0,
      closing: opening,
    };
  }
  for (const m of day.inventory) {
    const b = out[m.bufferId];
    if (!b) continue;
    if (m.reason === 'opening') continue;
    if (m.reason === 'consumed' || m.reason === 'shipped') b[m.reason] += -m.change;
    else b[m.reason] += m.change;
    b.closing += m.change;
  }
  return out;
}
