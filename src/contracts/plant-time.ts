/**
 * Plant-local time: what a plant-local day is, shared by the simulator's truth and everything
 * downstream (the dashboard's clock), so it lives with the contracts. Clocks are UTC milliseconds;
 * days and shifts are cut in the plant's IANA zone, DST-aware. Offsets are looked up through Intl
 * once per zone and hour and then cached, because formatting a million timestamps a second cannot
 * afford Intl on each.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

function offsetViaIntl(zone: string, utcMs: number): number {
  const parts = formatter(zone).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Offset caches per zone, keyed by UTC hour: zones change offset only on whole quarter hours. */
const offsetCache = new Map<string, Map<number, number>>();

/** Milliseconds to add to UTC to get plant-local wall time at that instant. */
export function offsetMs(zone: string, utcMs: number): number {
  let cache = offsetCache.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(zone, cache);
  }
  const hour = Math.floor(utcMs / HOUR_MS);
  let off = cache.get(hour);
  if (off === undefined) {
    // An hour whose start and end share an offset has no transition inside it.
    const a = offsetViaIntl(zone, hour * HOUR_MS);
    const b = offsetViaIntl(zone, hour * HOUR_MS + HOUR_MS - 1000);
    if (a !== b) return offsetViaIntl(zone, utcMs);
    off = a;
    cache.set(hour, off);
  }
  return off;
}

/** Parses `YYYY-MM-DD` as a UTC-midnight millisecond count (a pure calendar day). */
export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

export function addDays(date: string, n: number): string {
  return new Date(dayNumber(date) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayNumber(b) - dayNumber(a)) / DAY_MS);
}

/** Day of week of a calendar date, 0 = Sunday. */
export function weekday(date: string): number {
  return new Date(dayNumber(date)).getUTCDay();
}

/**
 * UTC instant of a plant-local wall time (`date` at `minutes` after midnight). A wall time that does
 * not exist (spring forward) moves forward; one that exists twice (fall back) takes the first.
 */
export function localToUtc(zone: string, date: string, minutes: number): number {
  const wall = dayNumber(date) + minutes * 60_000;
  // Try the offsets in force a few hours either side; the first that maps back to the wall time wins.
  const candidates = [offsetMs(zone, wall - 12 * HOUR_MS), offsetMs(zone, wall + 12 * HOUR_MS)];
  for (const off of candidates.sort((x, y) => y - x)) {
    const utc = wall - off;
    if (offsetMs(zone, utc) === off) return utc;
  }
  // In a spring-forward gap: take the earlier offset, which lands after the gap.
  return wall - Math.min(...candidates);
}

/** Start (UTC ms) of a plant-local day and of the next: a day is 23, 24 or 25 hours long. */
export function localDayBounds(zone: string, date: string): { start: number; end: number } {
  return { start: localToUtc(zone, date, 0), end: localToUtc(zone, addDays(date, 1), 0) };
}

/** Date text of a day number (days since 1970-01-01), kept for the last few days asked for. */
const dateTexts = new Map<number, string>();

/** Plant-local calendar date of a UTC instant. */
export function localDate(zone: string, utcMs: number): string {
  // The engine asks for every event it files: format each day once, not each instant.
  const day = Math.floor((utcMs + offsetMs(zone, utcMs)) / DAY_MS);
  let text = dateTexts.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dateTexts.size >= 64) dateTexts.clear();
    dateTexts.set(day, text);
  }
  return text;
}

export { DAY_MS, HOUR_MS };
