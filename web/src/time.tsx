/**
 * Time controls shared by every page: the factory, the selected day, a plant-local clock inside it,
 * and play/pause that advances the clock (1× = one plant minute per second, so a day takes 24 min; 1000× plays it in 1.4 s),
 * rolling over to the next day and stopping on the last one.
 */
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from './api.ts';
import { dayLengthS } from './plant-clock.ts';

export interface DayRow {
  factory_id: string;
  factory_name: string | null;
  timezone: string | null;
  day: string;
}
export const SPEEDS = [1, 10, 100, 1000] as const;
export type Speed = (typeof SPEEDS)[number];
/** Plant seconds the clock advances per real second at 1×. */
export const BASE_RATE = 60;
const TICK_MS = 100;

export interface TimeState {
  loading: boolean;
  error: string | null;
  factories: { id: string; name: string; timezone: string | null }[];
  factory: string | null;
  setFactory(id: string): void;
  /** Days of the selected factory, oldest first. */
  days: string[];
  day: string | null;
  setDay(day: string): void;
  /** The selected factory's IANA zone (null: UTC). */
  zone: string | null;
  /** Seconds in the selected plant-local day (23 or 25 h on a DST switch). */
  dayLength: number;
  /** Elapsed seconds since the instant of plant-local midnight of `day` (the API's start_s/end_s). */
  clock: number;
  setClock(s: number): void;
  playing: boolean;
  setPlaying(p: boolean): void;
  speed: Speed;
  setSpeed(s: Speed): void;
}

const TimeContext = createContext<TimeState | null>(null);

export function useTime(): TimeState {
  const t = useContext(TimeContext);
  if (!t) throw new Error('useTime outside <TimeProvider>');
  return t;
}

export function TimeProvider({ children }: { children: ReactNode }) {
  const api = useApi<{ days: DayRow[] }>('api/days');
  const rows = api.data?.days ?? [];
  const factories = useMemo(() => {
    const seen = new Map<string, { id: string; name: string; timezone: string | null }>();
    for (const r of rows)
      if (!seen.has(r.factory_id))
        seen.set(r.factory_id, {
          id: r.factory_id,
          name: r.factory_name ?? r.factory_id,
          timezone: r.timezone,
        });
    return [...seen.values()];
  }, [rows]);
  const [factory, setFactory] = useState<string | null>(null);
  const [day, setDayState] = useState<string | null>(null);
  const [clock, setClock] = useState(86_399);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(1);

  const current = factory ?? factories[0]?.id ?? null;
  const days = useMemo(() => rows.filter((r) => r.factory_id === current).map((r) => r.day), [rows, current]);
  const selectedDay = day && days.includes(day) ? day : (days[days.length - 1] ?? null);
  const zone = factories.find((f) => f.id === current)?.timezone ?? null;
  const lengthOf = (d: string | null) => (d ? dayLengthS(d, zone) : 86_400);
  const dayLength = lengthOf(selectedDay);

  const setDay = (d: string) => {
    setDayState(d);
    setClock(lengthOf(d) - 1);
  };

  // The ticker reads the newest values through a ref so it is not restarted on every tick.
  const now = useRef({ clock, day: selectedDay, days, lengthOf });
  now.current = { clock, day: selectedDay, days, lengthOf };
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const { clock: c, day: d, days: all, lengthOf: len } = now.current;
      if (!d) return;
      const next = c + (speed * BASE_RATE * TICK_MS) / 1000;
      if (next < len(d)) {
        setClock(next);
        return;
      }
      const following = all[all.indexOf(d) + 1];
      if (!following) {
        setClock(len(d) - 1);
        setPlaying(false);
        return;
      }
      setDayState(following);
      setClock(0);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playing, speed]);

  const value: TimeState = {
    loading: api.loading,
    error: api.error,
    factories,
    factory: current,
    setFactory: (id) => {
      setFactory(id);
      setDayState(null);
    },
    days,
    day: selectedDay,
    setDay,
    zone,
    dayLength,
    clock,
    setClock,
    playing,
    setPlaying: (p) => {
      // Playing from the end of the last day starts that day over.
      if (p && selectedDay === days[days.length - 1] && clock >= dayLength - 1) setClock(0);
      setPlaying(p);
    },
    speed,
    setSpeed,
  };
  return <TimeContext.Provider value={value}>{children}</TimeContext.Provider>;
}
