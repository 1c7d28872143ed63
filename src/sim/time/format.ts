/**
 * Timestamp text as the files want it. Hot paths (a million readings a second) reuse the formatted
 * `YYYY-MM-DDTHH:` prefix for the whole hour and only pad minutes and seconds.
 */
import { offsetMs } from '../../contracts/plant-time.ts';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export class TimestampFormatter {
  private hourKey = Number.NaN;
  private hourPrefix = '';
  private offsetText = '';
  private off = 0;

  constructor(private readonly zone: string) {}

  private load(utcMs: number): void {
    const hour = Math.floor(utcMs / 3_600_000);
    if (hour === this.hourKey) return;
    this.hourKey = hour;
    this.off = offsetMs(this.zone, utcMs);
    const wall = new Date(hour * 3_600_000 + this.off).toISOString(); // offsets are whole minutes in every zone we target
    this.hourPrefix = wall.slice(0, 14); // 2025-12-01T06:
    const m = Math.abs(this.off) / 60_000;
    this.offsetText =
      this.off === 0 ? 'Z' : `${this.off < 0 ? '-' : '+'}${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
  }

  private wallTail(utcMs: number): string {
    const wall = utcMs + this.off;
    const inHour = (((wall % 3_600_000) + 3_600_000) % 3_600_000) / 1000;
    const mm = Math.floor(inHour / 60);
    const ss = Math.floor(inHour % 60);
    return `${pad2(mm)}:${pad2(ss)}`;
  }

  /** Naive plant-local, seconds: `2025-12-01T06:25:40` (the seed's style). */
  naive(utcMs: number): string {
    this.load(utcMs);
    const wall = utcMs + this.off;
    // The hour prefix was built from the hour's start; a non-hour offset could cross it, so recheck.
    if (Math.floor(wall / 3_600_000) !== Math.floor((this.hourKey * 3_600_000 + this.off) / 3_600_000)) {
      return new Date(wall).toISOString().slice(0, 19);
    }
    return this.hourPrefix + this.wallTail(utcMs);
  }

  /** Naive plant-local with microseconds: `2025-12-01T06:25:40.123000` (seed 002's style). */
  naiveMicros(utcMs: number): string {
    const ms = ((utcMs % 1000) + 1000) % 1000;
    return `${this.naive(utcMs)}.${String(ms).padStart(3, '0')}000`;
  }

  /**
   * Plant-local with explicit offset: `2025-12-01T06:25:40-07:00` (ironworks' own files), with
   * milliseconds (`…40.123-07:00`) when the instant has them, so intervals sum exactly.
   */
  withOffset(utcMs: number): string {
    const text = this.naive(utcMs);
    const ms = ((utcMs % 1000) + 1000) % 1000;
    return ms === 0 ? text + this.offsetText : `${text}.${String(ms).padStart(3, '0')}${this.offsetText}`;
  }
}

/** Naive UTC text of an instant, seconds: what a source that records UTC writes, with no marker. */
export function naiveUtc(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 19);
}

/** Parses naive `YYYY-MM-DDTHH:MM:SS[.ffffff]` as if it were UTC (a wall-clock reading). */
export function parseNaiveAsUtc(text: string): number {
  const ms = Date.parse(`${text.slice(0, 23)}Z`);
  if (Number.isNaN(ms)) throw new Error(`not a naive timestamp: ${text}`);
  return ms;
}
