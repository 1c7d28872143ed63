/** Operators log on a share of batches: a start, a check, an adjustment or an end, in free text. */
import type { Plant } from '../../config/plant-schema.ts';
import type { OperatorLogEvent, RunEvent } from '../engine/events.ts';
import type { Rng } from '../random/rng.ts';

const MONITOR_NOTES = [
  'Output looks good, produced ~{units} units',
  'Temperature stable, no issues',
  'Checked feed rate, all nominal',
  'Minor vibration noted, monitoring',
];
const ADJUST_NOTES = [
  'Adjusted feed rate',
  'Recalibrated sensors, resumed',
  'Tuned temperature setpoint by 5 degrees',
];

export class OperatorLogs {
  private seq = new Map<string, number>();

  constructor(
    private readonly ops: NonNullable<Plant['operators']>,
    private readonly rng: Rng,
    private readonly dateOf: (t: number) => string,
    /** `<date>/<shift id>` of an instant (or the date alone off shift). */
    private readonly shiftAt: (t: number) => string,
  ) {}

  /** Workers by shift: the same operator covers a machine through a shift, another the next one. */
  operatorAt(at: number, machineId: string): string {
    const shift = this.shiftAt(at);
    let h = 0;
    for (let i = 0; i < shift.length; i++) h = (h * 31 + shift.charCodeAt(i)) >>> 0;
    for (let i = 0; i < machineId.length; i++) h = (h * 31 + machineId.charCodeAt(i)) >>> 0;
    return this.ops.ids[h % this.ops.ids.length] as string;
  }

  log(run: RunEvent): OperatorLogEvent | null {
    if (!this.rng.chance(this.ops.log_rate)) return null;
    const action = this.rng.pick(['START_BATCH', 'MONITOR', 'ADJUST_PARAMS', 'END_BATCH'] as const);
    const at =
      action === 'START_BATCH'
        ? run.start
        : action === 'END_BATCH'
          ? run.end
          : run.start + Math.round((this.rng.uniform(0.2, 0.8) * (run.end - run.start)) / 1000) * 1000;
    const notes =
      action === 'START_BATCH'
        ? `Starting batch ${run.runId}`
        : action === 'END_BATCH'
          ? `Batch ${run.runId} complete, ${run.units} units`
          : action === 'MONITOR'
            ? this.rng.pick(MONITOR_NOTES).replace('{units}', String(Math.round(run.units / 10) * 10))
            : this.rng.pick(ADJUST_NOTES);
    const ymd = this.dateOf(at).replaceAll('-', '');
    const n = (this.seq.get(ymd) ?? 0) + 1;
    this.seq.set(ymd, n);
    if (this.seq.size > 4) this.seq.delete(this.seq.keys().next().value as string);
    return {
      logId: `LOG_${ymd}_${String(n).padStart(4, '0')}`,
      machineId: run.machineId,
      operatorId: this.operatorAt(at, run.machineId),
      at,
      action,
      notes,
      runId: run.runId,
    };
  }
}
