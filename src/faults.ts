/**
 * Named fault points, so tests (and chaos drills) can make a real stage fail at a real place:
 * `IRONWORKS_FAULTS=bronze.after_insert:qc_checks.csv` makes the bronze loader throw after its insert
 * into that file's slice, inside the transaction. A point fires when its name matches and, if a
 * detail is given, when the detail contains it. `name@N` fires on the first N hits only (transient).
 */
const hits = new Map<string, number>();

export class InjectedFault extends Error {
  constructor(point: string, detail: string) {
    super(`injected fault at ${point} (${detail})`);
    this.name = 'InjectedFault';
  }
}

export function checkFault(point: string, detail = ''): void {
  const spec = process.env.IRONWORKS_FAULTS;
  if (!spec) return;
  for (const raw of spec.split(',')) {
    const [nameAndLimit, want] = raw.split(':', 2) as [string, string | undefined];
    const [name, limit] = nameAndLimit.split('@') as [string, string | undefined];
    if (name !== point || (want && !detail.includes(want))) continue;
    const key = raw;
    const n = (hits.get(key) ?? 0) + 1;
    hits.set(key, n);
    if (limit === undefined || n <= Number(limit)) throw new InjectedFault(point, detail);
  }
}
