/**
 * A plant in motion: builds buffers, machines, orders and inspection from a scenario, runs the
 * event queue one plant-local day at a time, and hands each finished day's events to the caller.
 * Memory holds one day: nothing accumulates across days but a little state per machine and buffer.
 */
import type { Scenario } from '../../config/scenario-schema.ts';
import { addDays, daysBetween, localDate, localDayBounds } from '../../contracts/plant-time.ts';
import { DayCollector } from '../engine/collector.ts';
import type { AlertEvent, DayEvents, MachineMaster, RunEvent } from '../engine/events.ts';
import { EventQueue } from '../engine/queue.ts';
import { Rng } from '../random/rng.ts';
import { StockBuffer } from './buffer.ts';
import { PlantCalendar } from './calendar.ts';
import { Inspection } from './inspection.ts';
import { Machine } from './machine.ts';
import { OperatorLogs } from './operators.ts';
import { OrderBook } from './orders.ts';
import type { PlantRuntime, RunningMachine } from './runtime.ts';

const HOUR = 3_600_000;

export interface SimulationOptions {
  start: string;
  days: number;
  seed: number;
}

/** A bijection on 32-bit integers (per salt): unit ids look random but never collide. */
function scramble(n: number, salt: number): number {
  let x = Math.imul((n ^ salt) >>> 0, 0x9e3779b1) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca77) >>> 0;
  x ^= x >>> 13;
  return x >>> 0;
}

export class PlantSimulation {
  readonly calendar: PlantCalendar;
  readonly machines: Machine[] = [];
  readonly buffers = new Map<string, StockBuffer>();
  private readonly q: EventQueue;
  private readonly out: DayCollector;
  private readonly masters = new Map<string, MachineMaster>();
  private readonly orders: OrderBook | null;
  private readonly unitSeq = new Map<string, number>();
  private alertSeq = 0;

  constructor(
    readonly scenario: Scenario,
    readonly opts: SimulationOptions,
  ) {
    const s = scenario;
    const zone = s.factory.timezone;
    this.calendar = new PlantCalendar(s.factory);
    const runStart = localDayBounds(zone, opts.start).start;
    this.q = new EventQueue(runStart);
    const dateOf = (t: number) => localDate(zone, t);
    this.out = new DayCollector(dateOf);
    this.orders = s.orders ? new OrderBook((e) => this.out.order(e)) : null;

    const serialized = new Set(s.items.filter((i) => i.serialized).map((i) => i.id));
    const itemName = new Map(s.items.map((i) => [i.id, i.name]));
    for (const b of s.buffers) {
      this.buffers.set(b.id, new StockBuffer(b, serialized.has(b.item), (m) => this.out.inventory(m)));
    }
    const recipes = new Map(s.recipes.map((r) => [r.id, r]));
    const inspection = s.qc ? new Inspection(s.qc, Rng.stream(opts.seed, 'qc'), dateOf) : null;
    const shiftKey = (t: number) => {
      const date = dateOf(t);
      const sh = this.calendar.shiftAt(t, date);
      return sh ? `${sh.date}/${sh.shiftId}` : date;
    };
    const operators = s.operators
      ? new OperatorLogs(s.operators, Rng.stream(opts.seed, 'operators'), dateOf, shiftKey)
      : null;
    const degradation = s.chaos.degradation;

    const rt: PlantRuntime = {
      seed: opts.seed,
      q: this.q,
      calendar: this.calendar,
      out: this.out,
      buffers: this.buffers,
      recipes,
      serializedItems: serialized,
      orders: this.orders,
      dateOf,
      dayIndexOf: (date) => daysBetween(opts.start, date),
      master: (id) => this.masters.get(id) as MachineMaster,
      qcDefectRate: (item) => {
        const std = s.qc?.standards?.[item];
        return std ? 1 - std.pass_rate : null;
      },
      newUnitId: (item) => {
        const n = (this.unitSeq.get(item) ?? 0) + 1;
        this.unitSeq.set(item, n);
        const prefix =
          serialized.has(item) && s.items.find((i) => i.id === item)?.kind === 'component'
            ? 'COMP'
            : 'WIDGET';
        return `${prefix}_${item.toUpperCase()}_${scramble(n, saltOf(item)).toString(16).padStart(8, '0')}`;
      },
      afterRun: (run: RunEvent, m: RunningMachine) => {
        if (operators) {
          run.workerId = operators.operatorAt(run.start, m.id);
          if (s.format === 'seed') {
            const log = operators.log(run);
            if (log) this.out.operatorLog(log);
          }
        }
        if (inspection) {
          if (s.qc?.standards?.[run.item]) for (const e of inspection.units(run)) this.out.qc(e);
          else if (s.format === 'seed') {
            const e = inspection.batch(run);
            if (e) this.out.qc(e);
          }
        }
        if (run.defective > 0 && s.qc?.standards?.[run.item]) {
          this.alert(
            run.end,
            'warning',
            'quality_failure',
            run.machineId,
            `${run.runId}: ${run.defective} unit(s) failed QC`,
          );
        }
      },
      alert: (at, severity, kind, machineId, message) => this.alert(at, severity, kind, machineId, message),
    };

    for (const spec of s.machines) {
      const recipe = recipes.get(spec.recipes[0] as string);
      const degr =
        degradation && degradation.rate !== undefined && degradation.machines.includes(spec.id)
          ? degradation.rate
          : degradation && degradation.rate === 0
            ? 0
            : spec.degradation_per_day;
      this.masters.set(spec.id, {
        machineId: spec.id,
        machineName: spec.name,
        machineType: spec.type,
        factoryId: s.factory.id,
        outputProduct:
          spec.recipes.map((rid) => itemName.get(recipes.get(rid)?.output ?? '') ?? '').join('|') ||
          (itemName.get(recipe?.output ?? '') ?? ''),
        idealRatePerHour: idealRate(spec, recipe),
        kwhPerUnit: spec.energy_kwh_per_unit,
        installedOn: spec.installed_on,
        lineId: spec.line,
        lastOverhaulOn: null,
      });
      this.machines.push(new Machine(spec, rt, degr));
    }
  }

  private alert(
    at: number,
    severity: AlertEvent['severity'],
    kind: AlertEvent['kind'],
    machineId: string | null,
    message: string,
  ): void {
    this.alertSeq++;
    this.out.alert({
      alertId: `ALERT-${String(this.alertSeq).padStart(7, '0')}`,
      at,
      severity,
      kind,
      machineId,
      message,
    });
  }

  /** Daily deliveries of raw material and shipments of finished goods, at the day's first and last shift edges. */
  private scheduleLogistics(date: string): void {
    const shifts = this.calendar.shiftsStarting(date);
    if (shifts.length === 0) return;
    const open = Math.min(...shifts.map((x) => x.start));
    const close = Math.max(...shifts.map((x) => x.end));
    const ymd = date.replaceAll('-', '');
    for (const b of this.buffers.values()) {
      const { replenish_to, ship_above } = b.spec;
      if (replenish_to !== undefined) {
        this.q.schedule(open, () => {
          const n = Math.min(replenish_to - b.level, b.free());
          if (n > 0) b.put(n, [], open, `DELIVERY-${b.id}-${ymd}`, 'received');
        });
      }
      if (ship_above !== undefined) {
        this.q.schedule(close, () => b.ship(b.level - ship_above, close, `SHIPMENT-${b.id}-${ymd}`));
      }
    }
  }

  /** Random order arrivals during working hours (Poisson), plus the opening backlog. */
  private scheduleOrders(date: string, rng: Rng, first: boolean): void {
    const o = this.scenario.orders;
    if (!o || !this.orders) return;
    const book = this.orders;
    const items = Object.keys(o.mix);
    const weights = Object.values(o.mix);
    if (first) {
      const at = this.q.now;
      for (const [item, qty] of Object.entries(o.initial)) book.add(at, item, qty, 2);
    }
    if (o.arrivals_per_hour <= 0) return;
    for (const sh of this.calendar.shiftsStarting(date)) {
      let t = sh.start + Math.round(rng.exponential(HOUR / o.arrivals_per_hour));
      while (t < sh.end) {
        const item = items[rng.weighted(weights)] as string;
        const qty = rng.int(o.quantity[0], o.quantity[1]);
        const prio = rng.int(o.priority[0], o.priority[1]);
        const at = t;
        this.q.schedule(at, () => book.add(at, item, qty, prio));
        t += Math.max(1000, Math.round(rng.exponential(HOUR / o.arrivals_per_hour)));
      }
    }
  }

  private applyMasterChanges(dayIndex: number): void {
    for (const c of this.scenario.master_data_changes) {
      if (c.day !== dayIndex) continue;
      const m = this.masters.get(c.machine) as MachineMaster;
      if (c.set.line_id !== undefined) m.lineId = c.set.line_id;
      if (c.set.ideal_rate_units_per_hour !== undefined) m.idealRatePerHour = c.set.ideal_rate_units_per_hour;
      if (c.set.energy_kwh_per_unit !== undefined) m.kwhPerUnit = c.set.energy_kwh_per_unit;
      if (c.set.machine_name !== undefined) m.machineName = c.set.machine_name;
    }
  }

  /** Runs every day in order, calling `onDay` with each finished day. */
  *days(): Generator<DayEvents> {
    const { start, days, seed } = this.opts;
    const zone = this.scenario.factory.timezone;
    const orderRng = Rng.stream(seed, 'orders');
    for (let d = 0; d < days; d++) {
      const date = addDays(start, d);
      const { start: dayStart, end: dayEnd } = localDayBounds(zone, date);
      this.applyMasterChanges(d);
      const master = [...this.masters.values()].map((m) => ({ ...m }));
      const openingStock = Object.fromEntries([...this.buffers.values()].map((b) => [b.id, b.level]));
      if (d === 0) {
        for (const b of this.buffers.values()) {
          this.out.inventory({
            moveId: `${b.id}-0`,
            at: dayStart,
            bufferId: b.id,
            item: b.item,
            change: b.level,
            reason: 'opening',
            referenceId: null,
            onHand: b.level,
          });
        }
      }
      this.scheduleLogistics(date);
      this.scheduleOrders(date, orderRng, d === 0);
      if (d === 0) for (const m of this.machines) m.start(dayStart);
      const efficiency = Object.fromEntries(this.machines.map((m) => [m.id, m.efficiency(d)]));
      this.q.runUntil(dayEnd);
      for (const m of this.machines) m.cutAt(dayEnd);
      const b = this.out.take(date, dayStart, dayEnd);
      yield { date, dayIndex: d, start: dayStart, end: dayEnd, ...b, master, openingStock, efficiency };
    }
  }
}

function saltOf(item: string): number {
  let h = 0x5bd1e995;
  for (let i = 0; i < item.length; i++) h = Math.imul(h ^ item.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function idealRate(
  spec: Scenario['machines'][number],
  recipe: Scenario['recipes'][number] | undefined,
): number {
  if (spec.production.mode === 'batch') return spec.production.ideal_rate_per_hour;
  const range = spec.production.cycle_seconds ?? recipe?.cycle_seconds ?? [60, 60];
  const mean = (range[0] + range[1]) / 2;
  return Math.round((3600 / mean) * 1000) / 1000;
}
