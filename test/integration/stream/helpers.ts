/** Shared by the stream tests: the ingester as a child process, and what bronze holds per table. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Warehouse } from '../../../src/lake/warehouse.ts';
import { rows } from '../../helpers/warehouse.ts';

const BIN = fileURLToPath(new URL('../../../bin/ironworks.js', import.meta.url));

/** `ironworks stream` in a child process (killed by the caller). */
export function streamChild(nats: string, warehouse: string, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, [BIN, 'stream', '--nats', nats, '--warehouse', warehouse, ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** Resolves when the child says its consumers are running (or when it exits). */
export function consuming(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(' consumers on ')) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', () => resolve());
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Runs `ironworks stream --until-idle` to the end; returns its exit code and stderr. */
export async function drainWithCli(
  nats: string,
  warehouse: string,
): Promise<{ code: number | null; stderr: string }> {
  const child = streamChild(nats, warehouse, ['--until-idle']);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await exited(child);
  return { code, stderr };
}

export interface Landed {
  loaded: number;
  quarantined: number;
  /** Distinct (file, position) over both: equal to loaded + quarantined when nothing is twice. */
  distinct: number;
}

/** Per bronze table: rows, quarantined events and distinct record identities. */
export async function landed(wh: Warehouse, tables: string[]): Promise<Record<string, Landed>> {
  const out: Record<string, Landed> = {};
  for (const t of tables) {
    const [r] = await rows<{ loaded: string; quarantined: string; distinct: string }>(
      wh,
      `WITH b AS (SELECT _source_file AS f, _ordinal AS o FROM bronze."${t}"),
            q AS (SELECT _source_file AS f, _ordinal AS o FROM bronze.quarantine WHERE target_table = '${t}')
       SELECT (SELECT count(*) FROM b) AS loaded, (SELECT count(*) FROM q) AS quarantined,
              (SELECT count(*) FROM (SELECT f, o FROM b UNION SELECT f, o FROM q)) AS distinct`,
    );
    out[t] = {
      loaded: Number(r?.loaded),
      quarantined: Number(r?.quarantined),
      distinct: Number(r?.distinct),
    };
  }
  return out;
}

/** What the simulator published, per bronze table (its sources' names with `_`). */
export const publishedPerTable = (rowsBySource: Record<string, number>) =>
  Object.fromEntries(Object.entries(rowsBySource).map(([s, n]) => [s.replaceAll('-', '_'), n]));
