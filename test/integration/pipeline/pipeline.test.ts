/**
 * Orchestration end to end on a small factorio drop: retries, permanent failures, resumable
 * backfills that end where an uninterrupted run ends, reruns that change no byte, and the CLI
 * working through `ironworks serve` while it holds the warehouse.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows, tableHash } from '../../helpers/warehouse.ts';

const BIN = fileURLToPath(new URL('../../../bin/ironworks.js', import.meta.url));
const DAYS = 4;
const dir = tempDir('pipeline');
const clean = join(dir.path, 'clean');

/** Hash of every gold table, excluding nothing: gold holds no load timestamps. */
async function goldHashes(dataDir: string): Promise<Record<string, string>> {
  const wh = await Warehouse.open(join(dataDir, 'warehouse.duckdb'), 'test');
  try {
    const tables = await rows<{ t: string }>(
      wh,
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'gold' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { t } of tables) out[t] = await tableHash(wh, `gold.${t}`);
    return out;
  } finally {
    await wh.close();
  }
}

function lakeHashes(dataDir: string): Record<string, string> {
  const root = join(dataDir, 'lake');
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

function copyDrop(name: string): string {
  const to = join(dir.path, name);
  for (const sub of ['raw_data', 'ground_truth', 'chaos', 'reference', 'simulation.json'])
    cpSync(join(clean, sub), join(to, sub), { recursive: true });
  return to;
}

let reference: Record<string, string>;

beforeAll(() => {
  const r = cli(['run', '--data-dir', clean, '--days', String(DAYS), '--seed', '5', '-q']);
  expect(r.code, r.stderr).toBe(0);
}, 300_000);

afterAll(() => dir.remove());

describe('pipelines', () => {
  it('runs every day to SUCCESS with all five tasks, and keeps the history', async () => {
    const r = cli(['runs', '--data-dir', clean, '--json']);
    const runs = JSON.parse(r.stdout) as {
      day: string;
      status: string;
      tasks: { task: string; status: string }[];
    }[];
    expect(runs.map((x) => x.status)).toEqual(Array(DAYS).fill('SUCCESS'));
    expect(runs[0]?.tasks.map((t) => t.task)).toEqual(['ingest', 'build', 'test', 'verify', 'publish']);
    reference = await goldHashes(clean);
    expect(Object.keys(reference).length).toBeGreaterThan(20);
  });

  it('gives identical gold tables and Parquet files when run twice on the same data dir', async () => {
    const lake = lakeHashes(clean);
    expect(Object.keys(lake).length).toBeGreaterThan(20);
    const again = cli(['run', '--data-dir', clean, '--rerun', '-q']);
    expect(again.code, again.stderr).toBe(0);
    expect(await goldHashes(clean)).toEqual(reference);
    expect(lakeHashes(clean)).toEqual(lake);
  });

  it('retries a transient fault and succeeds; the ledger counts the attempts', async () => {
    const d = copyDrop('transient');
    const r = cli(['run', '--data-dir', d, '-q'], { IRONWORKS_FAULTS: 'task.build@1' });
    expect(r.code, r.stderr).toBe(0);
    const wh = await Warehouse.open(join(d, 'warehouse.duckdb'), 'test');
    try {
      const t = await rows<{ attempts: number; status: string; log: string }>(
        wh,
        `SELECT attempts, status, log_excerpt AS log FROM ops.task_runs WHERE run_id = 'daily::2025-12-01' AND task_id = 'build'`,
      );
      expect(t[0]?.status).toBe('SUCCESS');
      expect(Number(t[0]?.attempts)).toBe(2);
      expect(t[0]?.log).toMatch(/attempt 1 failed: injected fault/);
    } finally {
      await wh.close();
    }
  });

  it('fails the run on a permanent fault, blocks its dependents, and says why', async () => {
    const d = copyDrop('permanent');
    const r = cli(['run', '--data-dir', d, '-q'], { IRONWORKS_FAULTS: 'task.test:2025-12-02' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED on 2025-12-02/);
    const wh = await Warehouse.open(join(d, 'warehouse.duckdb'), 'test');
    try {
      const run = await rows<{ status: string; error_message: string }>(
        wh,
        `SELECT status, error_message FROM ops.pipeline_runs WHERE run_id = 'daily::2025-12-02'`,
      );
      expect(run[0]).toEqual({
        status: 'FAILED',
        error_message: 'test: injected fault at task.test (2025-12-02)',
      });
      const tasks = await rows<{ task_id: string; status: string }>(
        wh,
        `SELECT task_id, status FROM ops.task_runs WHERE run_id = 'daily::2025-12-02' ORDER BY started_at`,
      );
      expect(tasks.map((t) => `${t.task_id}:${t.status}`)).toEqual([
        'ingest:SUCCESS',
        'build:SUCCESS',
        'test:FAILED',
        'verify:UPSTREAM_FAILED',
        'publish:UPSTREAM_FAILED',
      ]);
      // The backfill stopped: no later day ran on top of the hole.
      const later = await rows(wh, `SELECT * FROM ops.pipeline_runs WHERE logical_date > DATE '2025-12-02'`);
      expect(later).toEqual([]);
    } finally {
      await wh.close();
    }
  });

  it('resumes a killed backfill with only the missing days and ends equal to an uninterrupted run', async () => {
    const d = copyDrop('killed');
    // Kill the backfill while it works on day 3 (after days 1–2 succeeded).
    const child = spawn(
      process.execPath,
      [BIN, 'backfill', '--from', '2025-12-01', '--to', '2025-12-04', '--data-dir', d],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve) => {
      let err = '';
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString();
        if (/2025-12-02\s+SUCCESS/.test(err) && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    const resumed = cli([
      'backfill',
      '--from',
      '2025-12-01',
      '--to',
      '2025-12-04',
      '--data-dir',
      d,
      '--json',
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const r = JSON.parse(resumed.stdout) as { skipped: string[]; runs: { date: string }[] };
    expect(r.skipped).toEqual(['2025-12-01', '2025-12-02']);
    expect(r.runs.map((x) => x.date)).toEqual(['2025-12-03', '2025-12-04']);
    expect(await goldHashes(d)).toEqual(reference);
  });

  it('works through `ironworks serve` while it holds the warehouse: no raw lock error, ever', async () => {
    const d = copyDrop('served');
    const server = spawn(process.execPath, [BIN, 'serve', '--data-dir', d, '--port', '0', '--schedule', ''], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1] as string);
        });
        server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const run = cli(['run', '--data-dir', d]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`sending the daily run to ${url}`);
      const bf = cli(['backfill', '--from', '2025-12-02', '--to', '2025-12-03', '--rerun', '--data-dir', d]);
      expect(bf.code, bf.stderr).toBe(0);
      const direct = cli(['ingest', '--source', d, '--warehouse', join(d, 'warehouse.duckdb')]);
      expect(direct.code).toBe(3);
      expect(direct.stderr).toContain(`It serves ${url}`);
      for (const r of [run, bf, direct]) expect(r.stderr).not.toMatch(/Could not set lock|Conflicting lock/);
      const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
      const runs = (await (await fetch(`${url}/api/runs?limit=100`)).json()) as {
        runs: { status: string }[];
      };
      expect(runs.runs.length).toBeGreaterThanOrEqual(DAYS);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.on('exit', r));
    }
    expect(spawnSync('true').status).toBe(0);
  }, 300_000);
});
