/** Sends run requests to a serving owner of the warehouse and waits, printing its progress. */
import { readOwner } from '../lake/ownership.ts';

export interface RemoteResult {
  state: string;
  error: string | null;
  result: unknown;
}

/** The URL of the live `ironworks serve` holding this warehouse, if any. */
export function serverFor(warehouse: string): string | null {
  return readOwner(warehouse)?.url ?? null;
}

export async function runRemote(
  url: string,
  body: { pipeline: string; from?: string; to?: string; rerun?: boolean },
  onLog: (line: string) => void,
  token?: string,
): Promise<RemoteResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}/api/runs`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url} refused the request: ${res.status} ${await res.text()}`);
  const { job } = (await res.json()) as { job: string };
  let seen = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const j = (await (await fetch(`${url}/api/jobs/${job}`, { headers })).json()) as {
      state: string;
      log: string[];
      error: string | null;
      result: unknown;
    };
    for (const line of j.log.slice(seen)) onLog(line);
    seen = j.log.length;
    if (j.state === 'succeeded' || j.state === 'failed')
      return { state: j.state, error: j.error, result: j.result };
  }
}
