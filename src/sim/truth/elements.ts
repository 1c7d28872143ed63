/**
 * ISO 22400-2 time elements from state intervals (kpis.md): states inside planned operation time
 * (the shifts) map to APT, ASUT, ADET, down, ADOT or planned downtime; outside it they count in the
 * calendar only. Roll-ups add elements and divide once.
 */
import type { MachineState } from '../../contracts/extras.ts';
import type { Kpis, TimeElements } from '../../contracts/truth.ts';

export const ELEMENT_OF: Record<MachineState, keyof TimeElements | null> = {
  producing: 'apt_s',
  setup: 'asut_s',
  minor_stop: 'adet_s',
  failed: 'down_s',
  planned_maintenance: 'planned_downtime_s',
  starved: 'adot_s',
  blocked: 'adot_s',
  idle: 'adot_s',
  off_shift: null,
};

export function emptyElements(): TimeElements {
  return {
    calendar_s: 0,
    pot_s: 0,
    planned_downtime_s: 0,
    pbt_s: 0,
    apt_s: 0,
    asut_s: 0,
    adet_s: 0,
    down_s: 0,
    adot_s: 0,
    pq: 0,
    gq: 0,
    sq: 0,
    ideal_time_s: 0,
    failures: 0,
    restorations: 0,
    ttr_s: 0,
    operating_s: 0,
  };
}

export function addElements(into: TimeElements, from: TimeElements): TimeElements {
  for (const k of Object.keys(into) as (keyof TimeElements)[]) into[k] += from[k];
  return into;
}

/** Rounds float noise off sums of seconds and fractional ideal times (microsecond precision). */
export function tidy(e: TimeElements): TimeElements {
  for (const k of Object.keys(e) as (keyof TimeElements)[]) e[k] = Math.round(e[k] * 1e6) / 1e6;
  return e;
}

const div = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export function kpisOf(e: TimeElements, energyKwh: number): Kpis {
  const availability = div(e.apt_s, e.pbt_s);
  const performance = div(e.ideal_time_s, e.apt_s);
  const quality = div(e.gq, e.pq);
  return {
    availability,
    performance,
    quality,
    oee:
      availability !== null && performance !== null && quality !== null
        ? availability * performance * quality
        : null,
    scrap_ratio: div(e.sq, e.pq),
    mtbf_s: div(e.operating_s, e.failures),
    mttr_s: div(e.ttr_s, e.restorations),
    energy_per_good_unit_kwh: div(energyKwh, e.gq),
  };
}

/** Length of the overlap of [a0, a1) and [b0, b1). */
export function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}
