/**
 * A machine as a process on the event queue. It works inside operating windows, goes through
 * setup, production (with minor stops), failures and repairs, planned maintenance and overhauls,
 * and waits (starved, blocked, idle, off shift) when it cannot work, so that every millisecond of
 * the calendar is in exactly one state. A run's outcome is fixed when it starts (a failure is known
 * from the time-to-failure clock), so runs are emitted eagerly and material moves at their times.
 */

import type { MachineSpec, RecipeSpec } from '../../config/plant-schema.ts';
import type { MachineState } from '../../contracts/extras.ts';
import type { DayCollector } from '../engine/collector.ts';
import type { MachineMaster, RunEvent } from '../engine/events.ts';
import { batchEnergyKwh, gammaFn } from '../engine/math.ts';
import type { EventQueue } from '../engine/queue.ts';
import { Rng } from '../random/rng.ts';
import type { StockBuffer, Waiter } from './buffer.ts';
import type { PlantCalendar } from './calendar.ts';
import type { OrderBook } from './orders.ts';

const MIN = 60_000;
const HOUR = 3_600_000;

export interface PlantRuntime {
  seed: number;
  q: EventQueue;
  calendar: PlantCalendar;
  out: DayCollector;
  buffers: Map<string, StockBuffer>;
  recipes: Map<string, RecipeSpec>;
  serializedItems: Set<string>;
  orders: OrderBook | null;
  dateOf(t: number): string;
  dayIndexOf(date: string): number;
  master(machineId: string): MachineMaster;
  /** Probability that a unit of `item` is defective at base condition, if the plant's QC decides it. */
  qcDefectRate(item: string): number | null;
  newUnitId(item: string): string;
  afterRun(run: RunEvent, machine: Machine): void;
  alert(
    at: number,
    severity: 'info' | 'warning' | 'critical',
    kind: 'machine_failure' | 'machine_restored' | 'maintenance' | 'starved' | 'blocked',
    machineId: string,
    message: string,
  ): void;
}

interface Segment {
  state: 'setup' | 'producing' | 'minor_stop';
  ms: number;
}

interface Job {
  recipe: RecipeSpec;
  orderId: string | null;
}

interface Wait {
  state: MachineState;
  start: number;
  reason: string | null;
}

export class Machine implements Waiter {
  readonly id: string;
  private readonly rng: Rng;
  private epoch = 0;
  private busy = false;
  private wait: Wait | null = null;
  private ttf: number;
  private lastRecipe: string | null = null;
  private checkedDate = '';
  private lastOverhaulDay = 0;
  private runSeq = new Map<string, number>();
  private readonly recipeByOutput = new Map<string, RecipeSpec>();
  private readonly outputs: ReadonlySet<string>;

  constructor(
    readonly spec: MachineSpec,
    private readonly rt: PlantRuntime,
    /** Efficiency points lost per day (the plant's, or chaos' override). */
    readonly degradationPerDay: number,
  ) {
    this.id = spec.id;
    this.rng = Rng.stream(rt.seed, `machine:${spec.id}`);
    for (const rid of spec.recipes) {
      const r = rt.recipes.get(rid) as RecipeSpec;
      this.recipeByOutput.set(r.output, r);
    }
    this.outputs = new Set(this.recipeByOutput.keys());
    this.ttf = this.drawTtf(0);
  }

  // ── efficiency, wear ────────────────────────────────────────────────────────

  /** Efficiency on a day: base minus the daily loss since the last overhaul (or the run's start). */
  efficiency(dayIndex: number): number {
    const e = this.spec.base_efficiency - this.degradationPerDay * (dayIndex - this.lastOverhaulDay);
    return Math.max(0.05, Math.round(e * 1e6) / 1e6);
  }

  private lost(dayIndex: number): number {
    return Math.max(0, this.spec.base_efficiency - this.efficiency(dayIndex));
  }

  /** Operating time to the next failure: Weibull, with a hazard that grows as the machine wears. */
  private drawTtf(dayIndex: number): number {
    const f = this.spec.failures;
    if (!f) return Number.POSITIVE_INFINITY;
    const scale =
      (f.mtbf_hours * HOUR) / gammaFn(1 + 1 / f.shape) / (1 + f.wear_factor * this.lost(dayIndex));
    return Math.max(MIN, Math.round(this.rng.weibull(f.shape, scale)));
  }

  // ── waiting ─────────────────────────────────────────────────────────────────

  private enterWait(t: number, state: MachineState, reason: string | null): void {
    if (this.wait && this.wait.state === state && this.wait.reason === reason) return;
    this.closeWait(t);
    this.wait = { state, start: t, reason };
  }

  private closeWait(t: number): void {
    if (!this.wait) return;
    this.rt.out.state({
      machineId: this.id,
      state: this.wait.state,
      start: this.wait.start,
      end: t,
      reason: this.wait.reason,
    });
    this.wait = null;
  }

  /** Closes an open wait at a day's end so the day's states are complete, and reopens it. */
  cutAt(t: number): void {
    if (!this.wait || this.wait.start >= t) return;
    const w = this.wait;
    this.closeWait(t);
    this.wait = { ...w, start: t };
  }

  wake(): void {
    if (this.busy) return;
    const ep = this.epoch;
    this.rt.q.schedule(this.rt.q.now, () => this.resume(ep));
  }

  private resume(ep: number): void {
    if (ep !== this.epoch || this.busy) return;
    this.decide(this.rt.q.now);
  }

  private later(at: number): void {
    const ep = this.epoch;
    this.rt.q.schedule(at, () => this.resume(ep));
  }

  start(t: number): void {
    this.decide(t);
  }

  // ── the decision loop ───────────────────────────────────────────────────────

  private decide(t: number): void {
    this.epoch++;
    const rt = this.rt;
    const date = rt.dateOf(t);
    const w = rt.calendar.windowAt(t, date);
    if (!w) {
      this.enterWait(t, 'off_shift', null);
      return;
    }
    if (t < w.start) {
      this.enterWait(t, 'off_shift', null);
      this.later(w.start);
      return;
    }
    if (this.checkedDate !== date) {
      this.checkedDate = date;
      if (this.maintain(t, date)) return;
    }
    const job = this.pickJob();
    if (!job) {
      this.enterWait(t, 'idle', 'no open orders');
      rt.orders?.subscribe(this);
      this.later(w.end);
      return;
    }
    const plan = this.plan(t, w.end, job, rt.dayIndexOf(date));
    if (!plan) {
      this.enterWait(t, 'idle', 'too little time left in the shift');
      this.later(w.end);
      return;
    }
    let units = plan.units;
    for (const [item, qty] of Object.entries(job.recipe.inputs)) {
      const buf = rt.buffers.get(this.spec.inputs[item] as string) as StockBuffer;
      const possible = Math.floor(buf.level / qty);
      if (possible < 1 || (this.spec.production.mode === 'cycle' && possible < units)) {
        this.enterWait(t, 'starved', item);
        buf.subscribe(this);
        this.later(w.end);
        return;
      }
      units = Math.min(units, possible);
    }
    const out = rt.buffers.get(this.spec.outputs[job.recipe.output] as string) as StockBuffer;
    const free = out.free();
    if (free < 1) {
      this.enterWait(t, 'blocked', out.id);
      out.subscribe(this);
      this.later(w.end);
      return;
    }
    units = Math.min(units, free);
    this.closeWait(t);
    this.execute(t, job, plan, units, out);
  }

  private pickJob(): Job | null {
    if (!this.spec.make_to_order) {
      return { recipe: this.rt.recipes.get(this.spec.recipes[0] as string) as RecipeSpec, orderId: null };
    }
    const next = this.rt.orders?.peek(this.outputs);
    if (!next) return null;
    return { recipe: this.recipeByOutput.get(next.item) as RecipeSpec, orderId: next.orderId };
  }

  /** Planned maintenance or an overhaul due today, done at the first window start of the day. */
  private maintain(t: number, date: string): boolean {
    const m = this.spec.maintenance;
    const day = this.rt.dayIndexOf(date);
    let hours = 0;
    let reason = '';
    if (m.overhaul_below_efficiency !== undefined && this.efficiency(day) < m.overhaul_below_efficiency) {
      hours = m.overhaul_hours;
      reason = 'overhaul';
    } else if (m.every_days > 0 && day % m.every_days === m.every_days - 1) {
      hours = m.hours;
      reason = 'preventive';
    }
    if (hours === 0) return false;
    this.closeWait(t);
    this.busy = true;
    const end = t + Math.round(hours * HOUR);
    this.rt.out.state({ machineId: this.id, state: 'planned_maintenance', start: t, end, reason });
    this.rt.alert(t, 'info', 'maintenance', this.id, `${this.id}: ${reason} maintenance for ${hours} h`);
    this.rt.q.schedule(end, () => {
      if (reason === 'overhaul') {
        this.lastOverhaulDay = day;
        this.rt.master(this.id).lastOverhaulOn = date;
        this.ttf = this.drawTtf(day);
      }
      this.busy = false;
      this.decide(end);
    });
    return true;
  }

  // ── planning and running ────────────────────────────────────────────────────

  private plan(
    t: number,
    windowEnd: number,
    job: Job,
    day: number,
  ): { segments: Segment[]; units: number; ratePerMs: number; efficiency: number } | null {
    const s = this.spec;
    const eff = this.efficiency(day);
    const master = this.rt.master(this.id);
    const changeover =
      s.production.mode === 'batch' || (this.lastRecipe !== null && this.lastRecipe !== job.recipe.id);
    const setupMs = changeover
      ? Math.round((this.rng.uniform(s.setup_minutes[0], s.setup_minutes[1]) * MIN) / 1000) * 1000
      : 0;
    const room = windowEnd - t - setupMs;
    const segments: Segment[] = [];
    if (setupMs > 0) segments.push({ state: 'setup', ms: setupMs });

    if (s.production.mode === 'batch') {
      const [lo, hi] = s.production.batch_minutes;
      let wall = Math.round(this.rng.uniform(lo, hi) * 60) * 1000;
      wall = Math.min(wall, room);
      if (wall < Math.max(5 * MIN, lo * MIN * 0.2)) return null;
      const ratePerMs = (master.idealRatePerHour * eff) / HOUR;
      // Minor stops at random points of the producing time, at most half the run.
      const stops: { at: number; ms: number }[] = [];
      const n = this.poisson((s.minor_stops.per_hour * wall) / HOUR);
      let stopTotal = 0;
      for (let i = 0; i < n; i++) {
        const ms =
          Math.round(this.rng.uniform(s.minor_stops.minutes[0], s.minor_stops.minutes[1]) * 60) * 1000;
        if (stopTotal + ms > wall / 2) break;
        stopTotal += ms;
        stops.push({ at: 0, ms });
      }
      const producing = wall - stopTotal;
      for (const st of stops) st.at = Math.round((this.rng.uniform(0.05, 0.95) * producing) / 1000) * 1000;
      stops.sort((a, b) => a.at - b.at);
      let done = 0;
      for (const st of stops) {
        if (st.at > done) segments.push({ state: 'producing', ms: st.at - done });
        segments.push({ state: 'minor_stop', ms: st.ms });
        done = Math.max(done, st.at);
      }
      if (producing > done) segments.push({ state: 'producing', ms: producing - done });
      const units = Math.floor(ratePerMs * producing);
      if (units < 1) return null;
      return { segments, units, ratePerMs, efficiency: eff };
    }

    const range = s.production.cycle_seconds ?? job.recipe.cycle_seconds ?? [60, 60];
    const [jLo, jHi] = s.production.jitter;
    const cycleMs = Math.max(
      1,
      Math.round((this.rng.uniform(range[0], range[1]) * this.rng.uniform(jLo, jHi) * 1000) / eff),
    );
    const stopChance = (s.minor_stops.per_hour * cycleMs) / HOUR;
    if (this.rng.chance(stopChance)) {
      const ms = Math.round(this.rng.uniform(s.minor_stops.minutes[0], s.minor_stops.minutes[1]) * MIN);
      segments.push({ state: 'minor_stop', ms });
    }
    segments.push({ state: 'producing', ms: cycleMs });
    const total = segments.reduce((a, x) => a + x.ms, 0);
    if (total > windowEnd - t) return null;
    return { segments, units: 1, ratePerMs: 1 / cycleMs, efficiency: eff };
  }

  private poisson(mean: number): number {
    let k = 0;
    let p = Math.exp(-mean);
    let s = p;
    const u = this.rng.next();
    while (u > s && k < 1000) {
      k++;
      p *= mean / k;
      s += p;
    }
    return k;
  }

  private nextRunId(date: string): string {
    const n = (this.runSeq.get(date) ?? 0) + 1;
    this.runSeq.set(date, n);
    if (this.runSeq.size > 4) this.runSeq.delete(this.runSeq.keys().next().value as string);
    const ymd = date.replaceAll('-', '');
    return this.spec.production.mode === 'batch'
      ? `${this.id}_${ymd}_${String(n).padStart(3, '0')}`
      : `${this.id}_${ymd}_${String(n).padStart(5, '0')}`;
  }

  private execute(
    t: number,
    job: Job,
    plan: { segments: Segment[]; units: number; ratePerMs: number; efficiency: number },
    units: number,
    out: StockBuffer,
  ): void {
    const rt = this.rt;
    this.busy = true;
    rt.orders?.unsubscribe(this);
    const date = rt.dateOf(t);
    const day = rt.dayIndexOf(date);
    const master = rt.master(this.id);
    const cycle = this.spec.production.mode === 'cycle';
    const segments = plan.segments;

    // Material limits shrink a batch: keep producing time to what the units need.
    if (!cycle && units < plan.units) {
      let need = Math.ceil(units / plan.ratePerMs / 1000) * 1000;
      const kept: Segment[] = [];
      for (const seg of segments) {
        if (seg.state !== 'producing') {
          if (seg.state === 'setup' || need > 0) kept.push(seg);
          continue;
        }
        if (need <= 0) break;
        const ms = Math.min(seg.ms, need);
        kept.push({ state: 'producing', ms });
        need -= ms;
      }
      while (kept.length > 0 && kept[kept.length - 1]?.state === 'minor_stop') kept.pop();
      segments.splice(0, segments.length, ...kept);
    }

    const runId = this.nextRunId(date);
    const consumed: Record<string, number> = {};
    const inputUnitIds: Record<string, string[]> = {};
    for (const [item, qty] of Object.entries(job.recipe.inputs)) {
      const buf = rt.buffers.get(this.spec.inputs[item] as string) as StockBuffer;
      inputUnitIds[item] = buf.take(units * qty, t, runId);
      consumed[item] = units * qty;
    }
    out.reserved += units;
    if (job.orderId) rt.orders?.start(job.orderId, t);
    this.lastRecipe = job.recipe.id;

    // Walk the timeline against the failure clock.
    let at = t;
    let producedMs = 0;
    let failedAt: number | null = null;
    let runStart: number | null = null;
    for (const seg of segments) {
      const operating = seg.state !== 'minor_stop';
      if (seg.state === 'producing' && runStart === null) runStart = at;
      if (operating && this.ttf <= seg.ms) {
        const cut = Math.max(1000, Math.round(this.ttf / 1000) * 1000);
        const ms = Math.min(cut, seg.ms);
        rt.out.state({ machineId: this.id, state: seg.state, start: at, end: at + ms, reason: null });
        if (seg.state === 'producing') producedMs += ms;
        at += ms;
        failedAt = at;
        this.ttf = 0;
        break;
      }
      if (operating) this.ttf -= seg.ms;
      rt.out.state({ machineId: this.id, state: seg.state, start: at, end: at + seg.ms, reason: null });
      if (seg.state === 'producing') producedMs += seg.ms;
      at += seg.ms;
    }
    const end = at;
    const made = cycle
      ? failedAt === null
        ? units
        : 0
      : failedAt === null
        ? units
        : Math.min(units, Math.floor(plan.ratePerMs * producedMs));

    const item = job.recipe.output;
    const unitIds: string[] = [];
    const unitDefects: number[] = [];
    let defective = 0;
    if (made > 0) {
      const qcRate = rt.qcDefectRate(item);
      const base = qcRate ?? this.rng.uniform(this.spec.defect_rate[0], this.spec.defect_rate[1]);
      const rate = Math.min(0.9, base * (1 + this.spec.defect_growth * this.lost(day)));
      if (rt.serializedItems.has(item) || cycle) {
        for (let i = 0; i < made; i++) {
          const bad = this.rng.chance(rate);
          if (bad) defective++;
          // Seed 002's defect_count: 0/1 on good units (80:15), 2/3 on scrapped ones (4:1).
          unitDefects.push(bad ? 2 + this.rng.weighted([4, 1]) : this.rng.weighted([80, 15]));
          if (rt.serializedItems.has(item)) unitIds.push(rt.newUnitId(item));
        }
      } else {
        defective = this.rng.binomial(made, rate);
      }
    }

    if (made > 0 && runStart !== null) {
      const run: RunEvent = {
        runId,
        machineId: this.id,
        recipeId: job.recipe.id,
        item,
        start: runStart,
        end,
        producingMs: producedMs,
        units: made,
        defective,
        unitIds,
        inputUnitIds: Object.fromEntries(
          Object.entries(inputUnitIds).map(([k, ids]) => [
            k,
            ids.slice(0, made * (job.recipe.inputs[k] ?? 0)),
          ]),
        ),
        consumed: Object.fromEntries(
          Object.entries(consumed).map(([k]) => [k, made * (job.recipe.inputs[k] ?? 0)]),
        ),
        kwhPerUnit: master.kwhPerUnit,
        energyKwh: batchEnergyKwh(made, master.kwhPerUnit),
        efficiency: plan.efficiency,
        idealRatePerHour: cycle ? this.cycleIdealRate(job.recipe) : master.idealRatePerHour,
        orderId: job.orderId,
        workerId: null,
        unitDefects,
      };
      rt.afterRun(run, this);
      rt.out.run(run);
    }

    rt.q.schedule(end, () => {
      out.reserved -= units;
      const goodIds: string[] = [];
      for (let i = 0; i < unitIds.length; i++)
        if ((unitDefects[i] ?? 0) < 2) goodIds.push(unitIds[i] as string);
      out.put(made - defective, goodIds, end, runId);
      for (const [itemIn, qty] of Object.entries(job.recipe.inputs)) {
        const buf = rt.buffers.get(this.spec.inputs[itemIn] as string) as StockBuffer;
        const unused = (units - made) * qty;
        if (unused > 0) buf.giveBack(unused, (inputUnitIds[itemIn] ?? []).slice(made * qty), end, runId);
      }
      if (job.orderId) {
        for (let i = 0; i < units; i++) rt.orders?.finish(job.orderId, end, i < made - defective);
      }
      if (failedAt !== null) this.fail(failedAt, day);
      else {
        this.busy = false;
        this.decide(end);
      }
    });
  }

  /** Ideal units per hour of a one-at-a-time recipe: 3600 / mean ideal cycle (PRU). */
  private cycleIdealRate(recipe: RecipeSpec): number {
    const s = this.spec.production;
    const range = (s.mode === 'cycle' ? s.cycle_seconds : undefined) ?? recipe.cycle_seconds ?? [60, 60];
    return Math.round((3600 / ((range[0] + range[1]) / 2)) * 1000) / 1000;
  }

  private fail(at: number, day: number): void {
    const spec = this.spec;
    const mode = this.rng.pick(spec.failures?.modes ?? ['mechanical']);
    const ttr = Math.max(
      MIN,
      Math.round(this.rng.lognormalMean(spec.repairs.mttr_minutes, spec.repairs.sigma) * 60) * 1000,
    );
    const end = at + ttr;
    this.rt.out.state({ machineId: this.id, state: 'failed', start: at, end, reason: mode });
    this.rt.out.failure({ machineId: this.id, mode, start: at, end });
    this.rt.alert(at, 'critical', 'machine_failure', this.id, `${this.id} failed (${mode})`);
    this.rt.q.schedule(end, () => {
      this.rt.alert(
        end,
        'info',
        'machine_restored',
        this.id,
        `${this.id} restored after ${Math.round(ttr / MIN)} min`,
      );
      this.ttf = this.drawTtf(this.rt.dayIndexOf(this.rt.dateOf(end)) || day);
      this.busy = false;
      this.decide(end);
    });
  }
}
