/**
 * A machine as a process on the event queue. It works inside operating windows, goes through
 * setup, production (with minor stops), failures and repairs, planned maintenance and overhauls,
 * and waits (starved, blocked, idle, off shift) when it cannot work, so that every millisecond of
 * the calendar is in exactly one state. A run's outcome is fixed when it starts (a failure is known
 * from the time-to-failure clock), so runs are emitted eagerly and material moves at their times.
 */

import type { MachineSpec, RecipeSpec } from '../../config/plant-schema.ts';
import type { MachineState } from '../../contracts/extras.ts';
import type { RunEvent } from '../engine/events.ts';
import { batchEnergyKwh, gammaFn } from '../engine/math.ts';
import { Rng } from '../random/rng.ts';
import type { StockBuffer, Waiter } from './buffer.ts';
import { drawDefects, type UnitDefects } from './defects.ts';
import { cycleIdealRate, planRun, type RunPlan, shrinkToUnits, walkTimeline } from './run-plan.ts';
import type { PlantRuntime } from './runtime.ts';

export type { PlantRuntime } from './runtime.ts';

const MIN = 60_000;
const HOUR = 3_600_000;

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
    const s = this.spec;
    const plan = planRun(s, this.rng, {
      t,
      windowEnd: w.end,
      recipe: job.recipe,
      efficiency: this.efficiency(rt.dayIndexOf(date)),
      idealRatePerHour: rt.master(this.id).idealRatePerHour,
      changeover:
        s.production.mode === 'batch' || (this.lastRecipe !== null && this.lastRecipe !== job.recipe.id),
    });
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

  private nextRunId(date: string): string {
    const n = (this.runSeq.get(date) ?? 0) + 1;
    this.runSeq.set(date, n);
    if (this.runSeq.size > 4) this.runSeq.delete(this.runSeq.keys().next().value as string);
    const ymd = date.replaceAll('-', '');
    return this.spec.production.mode === 'batch'
      ? `${this.id}_${ymd}_${String(n).padStart(3, '0')}`
      : `${this.id}_${ymd}_${String(n).padStart(5, '0')}`;
  }

  private execute(t: number, job: Job, plan: RunPlan, units: number, out: StockBuffer): void {
    const rt = this.rt;
    this.busy = true;
    rt.orders?.unsubscribe(this);
    const date = rt.dateOf(t);
    const day = rt.dayIndexOf(date);
    const master = rt.master(this.id);
    const cycle = this.spec.production.mode === 'cycle';
    const segments = plan.segments;

    // Material limits shrink a batch: keep producing time to what the units need.
    if (!cycle && units < plan.units) shrinkToUnits(segments, units, plan.ratePerMs);

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
    const walk = walkTimeline(segments, t, this.ttf, (state, start, stop) =>
      rt.out.state({ machineId: this.id, state, start, end: stop, reason: null }),
    );
    this.ttf = walk.ttf;
    const { producedMs, failedAt, runStart, end } = walk;
    const made = cycle
      ? failedAt === null
        ? units
        : 0
      : failedAt === null
        ? units
        : Math.min(units, Math.floor(plan.ratePerMs * producedMs));

    const item = job.recipe.output;
    let defects: UnitDefects = { defective: 0, unitIds: [], unitDefects: [] };
    if (made > 0) {
      const qcRate = rt.qcDefectRate(item);
      const base = qcRate ?? this.rng.uniform(this.spec.defect_rate[0], this.spec.defect_rate[1]);
      const rate = Math.min(0.9, base * (1 + this.spec.defect_growth * this.lost(day)));
      defects = drawDefects(this.rng, rt, item, made, rate, rt.serializedItems.has(item) || cycle);
    }
    const { defective, unitIds, unitDefects } = defects;

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
        idealRatePerHour: cycle ? cycleIdealRate(this.spec, job.recipe) : master.idealRatePerHour,
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
