/**
 * Talking to the API: `useApi(path)` fetches JSON (re-fetching when the path changes), `apiUrl` adds
 * the token when the server needs one (`?token=` in the page URL is kept for the session).
 */
import { useCallback, useEffect, useState } from 'react';

function token(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) sessionStorage.setItem('ironworks.token', fromUrl);
  return fromUrl ?? sessionStorage.getItem('ironworks.token');
}

/** The URL of an API path (relative to the page, so a sub-path deployment works). */
export function apiUrl(path: string, withToken = false): string {
  const t = withToken ? token() : null;
  const rel = path.replace(/^\//, '');
  if (!t) return rel;
  return `${rel}${rel.includes('?') ? '&' : '?'}token=${encodeURIComponent(t)}`;
}

/** Builds `path?k=v…` leaving out null/undefined values. */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const t = token();
  const res = await fetch(apiUrl(path), {
    signal,
    headers: t ? { authorization: `Bearer ${t}` } : {},
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

export interface ApiState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/** Fetches `path` (null = nothing yet) and keeps the newest answer. */
export function useApi<T>(path: string | null): ApiState<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [nonce, setNonce] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: nonce re-runs the fetch on reload()
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    getJson<T>(path, ctl.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (err: Error) => {
        if (!ctl.signal.aborted) setState({ data: null, error: err.message, loading: false });
      },
    );
    return () => ctl.abort();
  }, [path, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}
