/**
 * One owner of the warehouse at a time (DESIGN.md). DuckDB lets a single process hold a database file;
 * a second gets a raw lock error naming nothing useful. We keep a small owner file beside the database
 * (`<file>.owner.json`: pid, command, since) so the second process can say who holds the file and what
 * to do, and we translate DuckDB's own lock error the same way when the owner file is missing.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface OwnerInfo {
  pid: number;
  command: string;
  since: string;
  /** The owner's HTTP API, when it serves one (the CLI can send work there instead). */
  url?: string | null;
}

export class WarehouseBusyError extends Error {
  constructor(
    readonly warehouse: string,
    readonly owner: OwnerInfo | null,
  ) {
    const who = owner
      ? `process ${owner.pid} (\`${owner.command}\`${owner.since ? `, since ${owner.since}` : ''})`
      : 'another process';
    const what = owner?.url
      ? `It serves ${owner.url}: send work there, or stop it first.`
      : `Wait for it to finish, or stop it (kill ${owner?.pid ?? '<pid>'}) and run this again.`;
    super(
      `the warehouse ${warehouse} is in use by ${who}. DuckDB lets one process hold the file at a time. ${what}`,
    );
    this.name = 'WarehouseBusyError';
  }
}

export const ownerFile = (warehouse: string) => `${warehouse}.owner.json`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describePid(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return 'unknown command';
  }
}

/** The live owner, if any; a stale owner file (its process is gone) is removed. */
export function readOwner(warehouse: string): OwnerInfo | null {
  const file = ownerFile(warehouse);
  if (!existsSync(file)) return null;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as OwnerInfo;
    if (info.pid !== process.pid && alive(info.pid)) return info;
    if (info.pid === process.pid) return null;
  } catch {
    // An unreadable owner file says nothing: treat it as stale.
  }
  rmSync(file, { force: true });
  return null;
}

export function claimOwnership(warehouse: string, command: string, url: string | null = null): void {
  const info: OwnerInfo = { pid: process.pid, command, since: new Date().toISOString(), url };
  writeFileSync(ownerFile(warehouse), `${JSON.stringify(info)}\n`);
}

export function releaseOwnership(warehouse: string): void {
  const file = ownerFile(warehouse);
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as OwnerInfo;
    if (info.pid === process.pid) rmSync(file, { force: true });
  } catch {
    // Nothing to release.
  }
}

/** Turns DuckDB's lock error into a WarehouseBusyError when that is what it is. */
export function translateLockError(warehouse: string, err: unknown): Error {
  const msg = err instanceof Error ? err.message : String(err);
  if (!/Could not set lock on file|Conflicting lock is held/i.test(msg))
    return err instanceof Error ? err : new Error(msg);
  const pid = Number(/PID (\d+)/.exec(msg)?.[1] ?? Number.NaN);
  const owner = readOwner(warehouse);
  if (owner) return new WarehouseBusyError(warehouse, owner);
  return new WarehouseBusyError(
    warehouse,
    Number.isFinite(pid) ? { pid, command: describePid(pid), since: '' } : null,
  );
}
