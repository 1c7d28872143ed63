/** The server's live feed (`/api/live`, SSE): one EventSource shared by every component. */
import { useEffect, useState } from 'react';
import { apiUrl } from './api.ts';

// The stream ingester's status as the server sends it (a type only: nothing of the server is bundled).
export type { StreamConsumerStatus as StreamConsumer, StreamStatus } from '../../src/stream/status.ts';

export type LiveType = 'job' | 'runs' | 'kpis' | 'stream';

let source: EventSource | null = null;
const latest = new Map<LiveType, unknown>();
const listeners = new Set<() => void>();
const TYPES: LiveType[] = ['job', 'runs', 'kpis', 'stream'];

function connect(): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource(apiUrl('api/live', true));
  for (const t of TYPES)
    source.addEventListener(t, (e) => {
      latest.set(t, JSON.parse((e as MessageEvent<string>).data));
      for (const fn of listeners) fn();
    });
}

/** The newest event of a type (undefined until the first one arrives). */
export function useLive<T>(type: LiveType): T | undefined {
  const [, setTick] = useState(0);
  useEffect(() => {
    connect();
    const fn = () => setTick((n) => n + 1);
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
    };
  }, []);
  return latest.get(type) as T | undefined;
}
