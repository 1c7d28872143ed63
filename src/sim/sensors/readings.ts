/**
 * Sensor values that follow state and load. Energy is the production energy of the units made in
 * each reading's window, allocated from the run's own rounded energy so that, before chaos, the
 * readings of a run add up exactly to round(units × kWh/unit, 2): sensors and batches agree.
 */
import type { MachineSpec } from '../../config/plant-schema.ts';
import type { MachineState } from '../../contracts/extras.ts';
import type { RunEvent, RunSpan, StateInterval } from '../engine/events.ts';
import type { Rng } from '../random/rng.ts';

export interface Reading {
  machineId: string;
  at: number;
  state: MachineState;
  temperatureC: number;
  pressureBar: number;
  vibration: number;
  powerKw: number;
  /** Energy since the machine's previous reading (kWh). */
  energyKwh: number;
  efficiencyPct: number;
  /** Units completed by the machine so far today. */
  cycleCount: number;
}

const DEFAULT_SENSORS = {
  temperature_c: { producing: [40, 60] as [number, number], idle: [20, 25] as [number, number] },
  pressure_bar: { producing: [1.0, 1.2] as [number, number], idle: [1.0, 1.0] as [number, number] },
  vibration_mm_s: { producing: [2, 4] as [number, number], idle: [0.2, 0.6] as [number, number] },
};

/** States in which a machine runs warm and loaded (a comparison, not a Set lookup: called per reading). */
const isHot = (state: MachineState) => state === 'producing' || state === 'minor_stop' || state === 'setup';

/** Allocates `total` integer units over cumulative fractions so the parts sum exactly to it. */
export function allocate(total: number, cumulative: number[]): number[] {
  const out: number[] = [];
  let prev = 0;
  for (const f of cumulative) {
    const upto = Math.round(total * Math.min(1, Math.max(0, f)));
    out.push(upto - prev);
    prev = upto;
  }
  return out;
}

export class SensorModel {
  private readonly cfg: typeof DEFAULT_SENSORS;

  constructor(
    readonly spec: MachineSpec,
    private readonly rng: Rng,
  ) {
    this.cfg = { ...DEFAULT_SENSORS, ...(spec.sensors ?? {}) } as typeof DEFAULT_SENSORS;
  }

  private level(range: [number, number], load: number): number {
    return range[0] + (range[1] - range[0]) * load;
  }

  /** Values for a state; `wear` (0..1) heats and shakes a worn machine a little. */
  values(state: MachineState, efficiency: number, wear: number, into?: Reading) {
    const hot = isHot(state);
    const load = hot ? 0.35 + 0.5 * this.rng.next() : this.rng.next();
    const c = this.cfg;
    let temperatureC = this.level(hot ? c.temperature_c.producing : c.temperature_c.idle, load);
    let vibration = this.level(hot ? c.vibration_mm_s.producing : c.vibration_mm_s.idle, load) * (1 + wear);
    if (state === 'failed') {
      temperatureC = this.level(c.temperature_c.producing, 0.9) + 25; // seed 002: error runs hot…
      vibration += 1.5; // …and shakes
    }
    const v = into ?? ({} as Reading);
    v.temperatureC = Math.round(temperatureC * (1 + 0.02 * wear) * 100) / 100;
    v.pressureBar =
      Math.round(this.level(hot ? c.pressure_bar.producing : c.pressure_bar.idle, load) * 1000) / 1000;
    v.vibration = Math.round(vibration * 1000) / 1000;
    v.efficiencyPct =
      state === 'producing' ? Math.round(efficiency * 100 * (1 + this.rng.normal(0, 0.005)) * 100) / 100 : 0;
    return v;
  }

  /**
   * Seed style: k readings inside each run, the last at its end, each carrying the energy made since
   * the previous one (hundredths of kWh, summing to the run's energy).
   */
  perRun(run: RunEvent, k: number, wear: number): Reading[] {
    const span = run.end - run.start;
    const times: number[] = [];
    for (let i = 0; i < k - 1; i++)
      times.push(run.start + Math.round((this.rng.uniform(0.05, 0.95) * span) / 1000) * 1000);
    times.sort((a, b) => a - b);
    times.push(run.end);
    const cents = allocate(
      Math.round(run.energyKwh * 100),
      times.map((t) => (t - run.start) / span),
    );
    return times.map((at, i) => {
      const v = this.values('producing', run.efficiency, wear);
      const energyKwh = (cents[i] as number) / 100;
      const windowH = (at - (i === 0 ? run.start : (times[i - 1] as number))) / 3_600_000;
      v.machineId = run.machineId;
      v.at = at;
      v.state = 'producing';
      v.powerKw = windowH > 0 ? Math.round((energyKwh / windowH) * 100) / 100 : 0;
      v.energyKwh = energyKwh;
      v.cycleCount = 0;
      return v;
    });
  }

  /**
   * Clock style: a reading every `stepMs` over [dayStart, dayEnd), state from the intervals, energy
   * (thousandths of kWh) from the runs overlapping each step, pro rata over the run's wall time.
   * Runs that started the day before are passed in too, so their tails are counted today.
   */
  everyStep(
    machineId: string,
    dayStart: number,
    dayEnd: number,
    stepMs: number,
    states: StateInterval[],
    runs: readonly RunSpan[],
    efficiency: number,
    wear: number,
    emit: (r: Reading) => void,
  ): void {
    // Runs in start order; energy (thousandths) accrues pro rata over each run's wall time. A
    // moving window of runs that may still be open keeps each step O(open runs), not O(runs).
    const sorted = [...runs].sort((a, b) => a.start - b.start);
    const milli = sorted.map((r) => Math.round(r.energyKwh * 1000));
    let closedEnergy = 0;
    let closedUnits = 0;
    let next = 0;
    const open: number[] = [];
    // Returns energy so far; units completed so far are in closedUnits.
    const advance = (t: number): number => {
      while (next < sorted.length && (sorted[next] as RunSpan).start < t) open.push(next++);
      let e = closedEnergy;
      for (let k = open.length - 1; k >= 0; k--) {
        const idx = open[k] as number;
        const r = sorted[idx] as RunSpan;
        if (r.end <= t) {
          closedEnergy += milli[idx] as number;
          closedUnits += r.units;
          e += milli[idx] as number;
          open.splice(k, 1);
        } else {
          e += Math.round((milli[idx] as number) * ((t - r.start) / (r.end - r.start)));
        }
      }
      return e;
    };
    // Each reading is stamped at the start of its step and carries the energy of [t, t + step):
    // a day's readings stay inside the day and add up to exactly its energy.
    let si = 0;
    let prevE = advance(dayStart);
    const stepH = stepMs / 3_600_000;
    const r = { machineId } as Reading;
    for (let t = dayStart; t < dayEnd; t += stepMs) {
      while (si < states.length - 1 && (states[si] as StateInterval).end <= t) si++;
      const state = (states[si]?.state ?? 'off_shift') as MachineState;
      const e = advance(Math.min(t + stepMs, dayEnd));
      const energyKwh = (e - prevE) / 1000;
      prevE = e;
      // One reading object for the whole day: the consumer copies what it needs before the next step.
      this.values(state, efficiency, wear, r);
      r.at = t;
      r.state = state;
      r.powerKw = Math.round((energyKwh / stepH) * 1000) / 1000;
      r.energyKwh = energyKwh;
      r.cycleCount = closedUnits;
      emit(r);
    }
  }
}
