/**
 * When the plant works: shift windows in UTC for each plant-local day, DST-aware. Contiguous
 * shifts (06–14, 14–22) merge into one operating window, which is what a batch must fit inside.
 */
import type { Plant } from '../../config/plant-schema.ts';
import { addDays, localToUtc, weekday } from '../../contracts/plant-time.ts';

export interface ShiftWindow {
  shiftId: string;
  /** The plant-local day the shift starts on: the day it belongs to. */
  date: string;
  start: number;
  end: number;
}

export interface OperatingWindow {
  start: number;
  end: number;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export class PlantCalendar {
  private shiftCache = new Map<string, ShiftWindow[]>();
  private aroundCache = new Map<string, { today: ShiftWindow[]; ahead: ShiftWindow[] }>();

  constructor(private readonly factory: Plant['factory']) {}

  get zone(): string {
    return this.factory.timezone;
  }

  /** Shifts that start on `date` (a night shift may end on the next day). */
  shiftsStarting(date: string): ShiftWindow[] {
    let list = this.shiftCache.get(date);
    if (!list) {
      list = [];
      if (this.factory.working_days.includes(weekday(date))) {
        for (const s of this.factory.shifts) {
          const startMin = minutesOf(s.start);
          const endMin = minutesOf(s.end);
          const start = localToUtc(this.zone, date, startMin);
          const end =
            endMin > startMin
              ? localToUtc(this.zone, date, endMin)
              : localToUtc(this.zone, addDays(date, 1), endMin);
          list.push({ shiftId: s.id, date, start, end });
        }
        list.sort((a, b) => a.start - b.start);
      }
      this.shiftCache.set(date, list);
      if (this.shiftCache.size > 64) this.shiftCache.delete(this.shiftCache.keys().next().value as string);
    }
    return list;
  }

  /** Shifts overlapping [from, to), from the day before `fromDate` (night shifts) to `toDate`. */
  shiftsBetween(fromDate: string, toDate: string): ShiftWindow[] {
    const out: ShiftWindow[] = [];
    for (let d = addDays(fromDate, -1); d <= toDate; d = addDays(d, 1)) out.push(...this.shiftsStarting(d));
    return out;
  }

  /**
   * The shifts of `date` (with the day before's) and of the week ahead: what windowAt and shiftAt
   * search, asked for at every machine decision, so kept per date. Callers must not edit them.
   */
  private around(date: string): { today: ShiftWindow[]; ahead: ShiftWindow[] } {
    let hit = this.aroundCache.get(date);
    if (!hit) {
      hit = { today: this.shiftsBetween(date, date), ahead: this.shiftsBetween(date, addDays(date, 8)) };
      if (this.aroundCache.size >= 16) this.aroundCache.clear();
      this.aroundCache.set(date, hit);
    }
    return hit;
  }

  /**
   * The operating window containing `t`, or the next one after it; contiguous shifts merge.
   * Looks a week ahead at most (a plant that never works has no window).
   */
  windowAt(t: number, date: string): OperatingWindow | null {
    const shifts = this.around(date).ahead.filter((s) => s.end > t);
    if (shifts.length === 0) return null;
    shifts.sort((a, b) => a.start - b.start);
    const first = shifts[0] as ShiftWindow;
    let end = first.end;
    for (const s of shifts.slice(1)) {
      if (s.start <= end) end = Math.max(end, s.end);
      else break;
    }
    return { start: first.start, end };
  }

  /** The shift in force at instant t, if any. */
  shiftAt(t: number, date: string): ShiftWindow | null {
    for (const s of this.around(date).today) if (s.start <= t && t < s.end) return s;
    return null;
  }
}
