/**
 * Editing timestamp text without changing its style: the first 19 characters are the wall clock
 * (`2025-12-01T06:25:40`); whatever follows (microseconds, an offset) is kept as written.
 */
import { offsetMs } from '../../contracts/plant-time.ts';

const WALL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;
const OFFSET_SUFFIX_RE = /(Z|[+-]\d{2}:\d{2})$/;

function wallMs(text: string): number | null {
  if (!WALL_RE.test(text)) return null;
  const ms = Date.parse(`${text.slice(0, 19)}Z`);
  return Number.isNaN(ms) ? null : ms;
}

const wallText = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** The same text with its clock moved by `seconds`; null when the text is not a timestamp. */
export function shiftTimestampText(text: string, seconds: number): string | null {
  const ms = wallMs(text);
  if (ms === null) return null;
  return wallText(ms + seconds * 1000) + text.slice(19);
}

/** Whether the text carries its own offset (`Z`, `-07:00`): such text is never mixed up with UTC. */
export function hasOffset(text: string): boolean {
  return OFFSET_SUFFIX_RE.test(text.slice(19));
}

/**
 * Plant-local naive text rewritten as naive UTC (what a source that records UTC writes, with no
 * marker); null when the text is not a naive timestamp.
 */
export function naiveLocalToUtcText(text: string, zone: string): string | null {
  if (hasOffset(text)) return null;
  const wall = wallMs(text);
  if (wall === null) return null;
  // Guess the instant with the offset at the wall time, then correct with the offset at the guess.
  const utc = wall - offsetMs(zone, wall - offsetMs(zone, wall));
  return wallText(utc) + text.slice(19);
}
