/**
 * Plant-local time from the plant's IANA zone (the API's `timezone`), through the shared plant-time
 * contract (src/contracts/plant-time.ts: Intl, DST-aware; pure, so the page bundles it): never a fixed
 * offset, so a day with a DST switch is 23 or 25 hours long and its clock reads the wall time.
 * The shared clock counts elapsed seconds since the instant of plant-local midnight, as the API's
 * `start_s`/`end_s` do; these turn it into wall time.
 *
 * @example
 *   plantClockText('2025-03-30', 'Europe/Berlin', 3 * 3600) // '04:00' (02:00 does not exist)
 *   dayLengthS('2025-03-30', 'Europe/Berlin') // 82_800
 */
import { dayNumber, localDayBounds, offsetMs } from '../../src/contracts/plant-time.ts';

/** The instant (epoch ms) of plant-local midnight that starts `day` (`YYYY-MM-DD`); UTC without a zone. */
export function midnightMs(day: string, zone: string | null): number {
  return zone ? localDayBounds(zone, day).start : dayNumber(day);
}

/** Seconds in the plant-local day: 86,400, or 82,800 / 90,000 on a DST switch. */
export function dayLengthS(day: string, zone: string | null): number {
  if (!zone) return 86_400;
  const { start, end } = localDayBounds(zone, day);
  return (end - start) / 1000;
}

/** Elapsed seconds since the plant-local midnight of `day` at an instant. */
export function secondsIntoDay(iso: string, day: string, zone: string | null): number {
  return (Date.parse(iso) - midnightMs(day, zone)) / 1000;
}

/** The wall time (as epoch ms read in UTC) `clock` elapsed seconds after the midnight of `day`. */
function wallMs(day: string, zone: string | null, clock: number): number {
  const at = midnightMs(day, zone) + Math.floor(clock) * 1000;
  return zone ? at + offsetMs(zone, at) : at;
}

/** The plant's wall time `clock` elapsed seconds after the midnight of `day`, as seconds of its wall day. */
export function wallSeconds(day: string, zone: string | null, clock: number): number {
  return (wallMs(day, zone, clock) - dayNumber(day)) / 1000;
}

/** `HH:MM`: the plant's wall time `clock` elapsed seconds after the midnight of `day`. */
export function plantClockText(day: string | null, zone: string | null, clock: number): string {
  return day ? new Date(wallMs(day, zone, clock)).toISOString().slice(11, 16) : '--:--';
}
