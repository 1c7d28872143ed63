/**
 * One run of a machine: planned before it starts (its timeline of setup, producing and minor-stop
 * segments and the units it can make, for batch machines, a batch of random length with Poisson
 * minor stops, and one-unit cycle machines), then walked against the failure clock. The draws come
 * from the machine's own stream in a fixed order.
 */
import type { MachineSpec, RecipeSpec } from '../../config/plant-schema.ts';
import type { Rng } from '../random/rng.ts';

const MIN = 60_000;
const HOUR = 3_600_000;

export interface Segment {
  state: 'setup' | 'producing' | 'minor_stop';
  ms: number;
}

export interface RunPlan {
  segments: Segment[];
  units: number;
  ratePerMs: number;
  efficiency: number;
}

export interface PlanInput {
  t: number;
  windowEnd: number;
  recipe: RecipeSpec;
  /** The machine's efficiency today. */
  efficiency: number;
  /** Master data's ideal rate in force (batch machines). */
  idealRatePerHour: number;
  /** Whether a setup precedes the run (every batch; a cycle machine changing recipe). */
  changeover: boolean;
}

/** The run's plan, or null when it does not fit in what is left of the window. */
export function planRun(spec: MachineSpec, rng: Rng, p: PlanInput): RunPlan | null {
  const s = spec;
  const eff = p.efficiency;
  const setupMs = p.changeover
    ? Math.round((rng.uniform(s.setup_minutes[0], s.setup_minutes[1]) * MIN) / 1000) * 1000
    : 0;
  const room = p.windowEnd - p.t - setupMs;
  const segments: Segment[] = [];
  if (setupMs > 0) segments.push({ state: 'setup', ms: setupMs });

  if (s.production.mode === 'batch') {
    const [lo, hi] = s.production.batch_minutes;
    let wall = Math.round(rng.uniform(lo, hi) * 60) * 1000;
    wall = Math.min(wall, room);
    if (wall < Math.max(5 * MIN, lo * MIN * 0.2)) return null;
    const ratePerMs = (p.idealRatePerHour * eff) / HOUR;
    // Minor stops at random points of the producing time, at most half the run.
    const stops: { at: number; ms: number }[] = [];
    const n = poisson(rng, (s.minor_stops.per_hour * wall) / HOUR);
    let stopTotal = 0;
    for (let i = 0; i < n; i++) {
      const ms = Math.round(rng.uniform(s.minor_stops.minutes[0], s.minor_stops.minutes[1]) * 60) * 1000;
      if (stopTotal + ms > wall / 2) break;
      stopTotal += ms;
      stops.push({ at: 0, ms });
    }
    const producing = wall - stopTotal;
    for (const st of stops) st.at = Math.round((rng.uniform(0.05, 0.95) * producing) / 1000) * 1000;
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

  const range = s.production.cycle_seconds ?? p.recipe.cycle_seconds ?? [60, 60];
  const [jLo, jHi] = s.production.jitter;
  const cycleMs = Math.max(
    1,
    Math.round((rng.uniform(range[0], range[1]) * rng.uniform(jLo, jHi) * 1000) / eff),
  );
  const stopChance = (s.minor_stops.per_hour * cycleMs) / HOUR;
  if (rng.chance(stopChance)) {
    const ms = Math.round(rng.uniform(s.minor_stops.minutes[0], s.minor_stops.minutes[1]) * MIN);
    segments.push({ state: 'minor_stop', ms });
  }
  segments.push({ state: 'producing', ms: cycleMs });
  const total = segments.reduce((a, x) => a + x.ms, 0);
  if (total > p.windowEnd - p.t) return null;
  return { segments, units: 1, ratePerMs: 1 / cycleMs, efficiency: eff };
}

/** Poisson(mean) by inversion, capped at 1000. */
function poisson(rng: Rng, mean: number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = rng.next();
  while (u > s && k < 1000) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
}

/**
 * Material limits shrink a batch: keeps the setup and only the producing time (and the minor stops
 * inside it) that `units` need, in place.
 */
export function shrinkToUnits(segments: Segment[], units: number, ratePerMs: number): void {
  let need = Math.ceil(units / ratePerMs / 1000) * 1000;
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

export interface TimelineWalk {
  /** Where the run ended: its last segment's end, or the failure. */
  end: number;
  producedMs: number;
  failedAt: number | null;
  /** Start of the first producing segment (null when it failed before producing). */
  runStart: number | null;
  /** Operating time left to the next failure (0 after a failure). */
  ttf: number;
}

/**
 * Lays the segments out from `t`, emitting each as a state interval, until they end or the failure
 * clock `ttf` (operating time: setup and producing, not minor stops) runs out inside one, which is
 * then cut at the failure (rounded to the second, at least one).
 */
export function walkTimeline(
  segments: readonly Segment[],
  t: number,
  ttf: number,
  emit: (state: Segment['state'], start: number, end: number) => void,
): TimelineWalk {
  let at = t;
  let producedMs = 0;
  let failedAt: number | null = null;
  let runStart: number | null = null;
  for (const seg of segments) {
    const operating = seg.state !== 'minor_stop';
    if (seg.state === 'producing' && runStart === null) runStart = at;
    if (operating && ttf <= seg.ms) {
      const cut = Math.max(1000, Math.round(ttf / 1000) * 1000);
      const ms = Math.min(cut, seg.ms);
      emit(seg.state, at, at + ms);
      if (seg.state === 'producing') producedMs += ms;
      at += ms;
      failedAt = at;
      ttf = 0;
      break;
    }
    if (operating) ttf -= seg.ms;
    emit(seg.state, at, at + seg.ms);
    if (seg.state === 'producing') producedMs += seg.ms;
    at += seg.ms;
  }
  return { end: at, producedMs, failedAt, runStart, ttf };
}

/** Ideal units per hour of a one-at-a-time recipe: 3600 / mean ideal cycle (PRU). */
export function cycleIdealRate(spec: MachineSpec, recipe: RecipeSpec): number {
  const s = spec.production;
  const range = (s.mode === 'cycle' ? s.cycle_seconds : undefined) ?? recipe.cycle_seconds ?? [60, 60];
  return Math.round((3600 / ((range[0] + range[1]) / 2)) * 1000) / 1000;
}
