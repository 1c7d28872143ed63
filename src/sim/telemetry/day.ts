/**
 * What one day of clock-style telemetry is made from: per machine, its state intervals, the runs
 * that overlap the day (yesterday's tails included), its efficiency and wear. Plain data, small
 * (thousands of intervals, not the million readings they become), so it crosses to a worker thread
 * cheaply and the readings are built where they are written.
 */
import type { Scenario } from '../../config/scenario-schema.ts';
import {
  byMachine,
  type DayEvents,
  type RunEvent,
  type RunSpan,
  type StateInterval,
} from '../engine/events.ts';

export interface MachineDay {
  id: string;
  states: StateInterval[];
  runs: RunSpan[];
  efficiency: number;
  wear: number;
}

export interface TelemetryDay {
  date: string;
  dayIndex: number;
  /** The plant-local day in UTC milliseconds, [start, end). */
  start: number;
  end: number;
  machines: MachineDay[];
}

/**
 * Builds each day's input in day order. It remembers the runs still going at the end of a day,
 * whose tails draw energy the next day, so call it once per day, in order.
 */
export class TelemetryDays {
  private carry: RunEvent[] = [];

  constructor(private readonly scenario: Scenario) {}

  /** The day's input; null when the plant reads no clock-style telemetry. */
  next(day: DayEvents): TelemetryDay | null {
    const overlapping = [...this.carry.filter((r) => r.end > day.start), ...day.runs];
    this.carry = day.runs.filter((r) => r.end > day.end);
    if (!this.scenario.sensors.every_seconds) return null;
    const statesBy = byMachine(day.states);
    const runsBy = byMachine(overlapping);
    return {
      date: day.date,
      dayIndex: day.dayIndex,
      start: day.start,
      end: day.end,
      machines: this.scenario.machines.map((spec) => {
        const efficiency = day.efficiency[spec.id] ?? spec.base_efficiency;
        return {
          id: spec.id,
          states: statesBy.get(spec.id) ?? [],
          runs: (runsBy.get(spec.id) ?? []).map(({ start, end, units, energyKwh }) => ({
            start,
            end,
            units,
            energyKwh,
          })),
          efficiency,
          wear: Math.max(0, spec.base_efficiency - (day.efficiency[spec.id] ?? 1)),
        };
      }),
    };
  }
}
