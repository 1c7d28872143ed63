/**
 * The dashboard on the large plant (100 machines, 30 days): API latency per endpoint and each page's
 * first render in Chromium.
 *
 * The warehouse is made once and cached in bench/out/dashboard-large/ (gitignored): `ironworks
 * simulate --scenario large --days 30`, `ingest`, `build` (with its tests) and `verify`, through the
 * CLI; the 5 GB drop is deleted afterwards, the warehouse (~0.5 GB) kept. Making it takes a few
 * minutes; BENCH_DASHBOARD_REBUILD=1 makes it again; BENCH_DASHBOARD_DIR=D tries the benchmark on another
 * data dir. The server then runs in this process.
 *
 * API: every GET route, a few warm-up requests, then BENCH_DASHBOARD_REQUESTS (default 200) sequential
 * requests over keep-alive HTTP, `day` (and a week's `from`/`to`) cycling through all 30 days; p50/p95/max of the
 * client-side wall time. Baseline in the same run: `GET /api/health` (no query at all).
 * Pages: for each page of web/src/pages/index.ts, 5 loads in a fresh browser context (no cache):
 * navigation start → the first KPI with a value (`main [data-kpi]` that is not "no data") visible,
 * as `performance.now()` in the page; baseline DOMContentLoaded of the same loads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../src/server/serve.ts';
import { ensureWebBuilt } from '../src/server/web-build.ts';
import { type BenchResult, type BenchRow, fixed, int, machineInfo } from './bench.ts';

export const name = 'dashboard';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'ironworks.js');
const CACHE = join(ROOT, 'bench', 'out', 'dashboard-large');
const DAYS = 30;
const REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 200);
const PAGE_LOADS = 5;
const TARGET_P95_MS = 50;
const TARGET_RENDER_MS = 1500;

function cliStep(args: string[], okCodes = [0]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!okCodes.includes(r.status ?? -1)) throw new Error(`ironworks ${args.join(' ')} exited ${r.status}`);
  return (performance.now() - t0) / 1000;
}

/** The cached large-plant warehouse; made when missing. Returns its dir and how it was made. */
function largeWarehouse(): { dir: string; made: string } {
  // A trial run on any built data dir (not the large plant: the section would say so in "plant").
  const other = process.env.BENCH_DASHBOARD_DIR;
  if (other) return { dir: other, made: `BENCH_DASHBOARD_DIR=${other}` };
  const marker = join(CACHE, 'ready.json');
  if (existsSync(marker) && process.env.BENCH_DASHBOARD_REBUILD !== '1')
    return { dir: CACHE, made: `cached (${readFileSync(marker, 'utf8').trim()})` };
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  const wh = join(CACHE, 'warehouse.duckdb');
  console.error(`  making the large plant's warehouse in ${CACHE} (a few minutes, once)…`);
  const sim = cliStep(['simulate', '--scenario', 'large', '--days', String(DAYS), '--out', CACHE]);
  const ing = cliStep(['ingest', '--source', CACHE, '--warehouse', wh]);
  const bld = cliStep(['build', '--warehouse', wh], [0, 1]);
  // verify exits 1 on differences (the large plant has some): the report is what the page shows.
  const ver = cliStep(['verify', '--source', CACHE, '--warehouse', wh], [0, 1]);
  rmSync(join(CACHE, 'raw_data'), { recursive: true, force: true });
  const made = `simulate ${fixed(sim, 0)} s, ingest ${fixed(ing, 0)} s, build ${fixed(bld, 0)} s, verify ${fixed(ver, 0)} s`;
  writeFileSync(marker, `${JSON.stringify({ days: DAYS, made, at: new Date().toISOString() })}\n`);
  return { dir: CACHE, made };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};

/** Page routes from the registry (web/src/pages/index.ts), in menu order. */
function pageRoutes(): string[] {
  const src = readFileSync(join(ROOT, 'web', 'src', 'pages', 'index.ts'), 'utf8');
  return [...src.matchAll(/path: '(\/[a-z-]+)'/g)].map((m) => m[1] as string);
}

/**
 * Every GET route of src/server/routes/*.ts without a path parameter (the live feed aside), asked
 * with `day` and a week's `from`/`to` ending on it; routes ignore what they do not take.
 */
function endpoints(): string[] {
  const dir = join(ROOT, 'src', 'server', 'routes');
  const found = new Set<string>();
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.ts'))
    .sort())
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/app\.get\('(\/api\/[^']*)'/g))
      if (!m[1]?.includes(':') && m[1] !== '/api/live') found.add(m[1] as string);
  return ['/api/health', ...[...found].filter((x) => x !== '/api/health').sort()];
}

function query(days: string[], i: number): string {
  const d = i % days.length;
  return `day=${days[d]}&from=${days[Math.max(0, d - 6)]}&to=${days[d]}`;
}

async function timeEndpoint(url: string, path: string, days: string[]) {
  const once = async (i: number) => {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}?${query(days, i)}`);
    const body = await res.arrayBuffer();
    return { ms: performance.now() - t0, status: res.status, bytes: body.byteLength };
  };
  const first = await once(0);
  if (first.status !== 200) return { status: first.status, ms: [] as number[], bytes: first.bytes, cpuMs: 0 };
  for (let i = 1; i < 5; i++) await once(i);
  const ms: number[] = [];
  let bytes = 0;
  // CPU time of this process (server, DuckDB threads and client) per request: unlike wall time, it
  // does not grow with other processes' load on a shared machine.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const r = await once(i);
    ms.push(r.ms);
    bytes = Math.max(bytes, r.bytes);
  }
  const cpu = process.cpuUsage(cpu0);
  return { status: 200, ms, bytes, cpuMs: (cpu.user + cpu.system) / 1000 / REQUESTS };
}

export async function run(): Promise<BenchResult> {
  const machine = machineInfo();
  const { dir, made } = largeWarehouse();
  if (!(await ensureWebBuilt((l) => console.error(`  ${l}`)))) throw new Error('could not build web/');
  const server = await startServer({ dataDir: dir, host: '127.0.0.1', port: 0, token: null, schedule: '' });
  const rows: BenchRow[] = [];
  const metrics: BenchResult['metrics'] = {};
  try {
    const days = (
      (await (await fetch(`${server.url}/api/days`)).json()) as { days: { day: string }[] }
    ).days.map((d) => d.day);
    const [m] = await server.wh.query<{ n: bigint }>(
      `SELECT count(DISTINCT machine_id) AS n FROM gold.kpi_oee_machine_day`,
    );
    const cpu0 = process.cpuUsage();
    const results: {
      label: string;
      p50: number;
      p95: number;
      max: number;
      bytes: number;
      status: number;
      cpuMs: number;
    }[] = [];
    for (const label of endpoints()) {
      const r = await timeEndpoint(server.url, label, days);
      if (r.status !== 200) {
        results.push({
          label,
          p50: Number.NaN,
          p95: Number.NaN,
          max: Number.NaN,
          bytes: 0,
          status: r.status,
          cpuMs: 0,
        });
        continue;
      }
      results.push({
        label,
        p50: pct(r.ms, 50),
        p95: pct(r.ms, 95),
        max: Math.max(...r.ms),
        bytes: r.bytes,
        status: 200,
        cpuMs: r.cpuMs,
      });
      console.error(`  ${label}: p95 ${fixed(pct(r.ms, 95), 1)} ms`);
    }
    const cpu = process.cpuUsage(cpu0);
    const base = results[0]?.p95 ?? Number.NaN;
    for (const r of results) {
      if (r.status !== 200) continue;
      const ok = r.p95 < TARGET_P95_MS;
      rows.push({
        metric: `API p95 ${r.label}`,
        value: `${fixed(r.p95, 1)} ms`,
        note: `${ok ? 'meets' : 'MISSES'} < ${TARGET_P95_MS} ms; p50 ${fixed(r.p50, 1)}, max ${fixed(r.max, 1)} ms; CPU ${fixed(r.cpuMs, 1)} ms/request; ${fixed(r.p95 / base, 1)}× health; ${int(r.bytes / 1024)} KiB`,
      });
      metrics[`api_p95_ms ${r.label}`] = r.p95;
      metrics[`api_cpu_ms_per_request ${r.label}`] = r.cpuMs;
    }
    const skipped = results.filter((r) => r.status !== 200).map((r) => `${r.label} (${r.status})`);

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      for (const route of pageRoutes()) {
        const renders: number[] = [];
        const dcls: number[] = [];
        let missing = 0;
        for (let i = 0; i < PAGE_LOADS; i++) {
          const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
          const page = await ctx.newPage();
          await page.goto(`${server.url}/#${route}`);
          try {
            await page
              .locator('main [data-kpi]:not(.kpi-missing)')
              .first()
              .waitFor({ state: 'visible', timeout: 15_000 });
            renders.push(await page.evaluate(() => performance.now()));
          } catch {
            missing++;
          }
          dcls.push(
            // A string: the page's DOM types are not this file's (Node) types.
            (await page.evaluate(
              "performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? NaN",
            )) as number,
          );
          await ctx.close();
        }
        const med = renders.length ? pct(renders, 50) : Number.NaN;
        const dcl = pct(dcls, 50);
        rows.push({
          metric: `first render ${route}`,
          value: renders.length ? `${int(med)} ms` : 'no KPI',
          note: renders.length
            ? `${med < TARGET_RENDER_MS ? 'meets' : 'MISSES'} < ${int(TARGET_RENDER_MS)} ms; median of ${renders.length}, max ${int(Math.max(...renders))} ms; DOMContentLoaded ${int(dcl)} ms (baseline)${missing ? `; ${missing} load(s) showed no KPI within 15 s` : ''}`
            : `no KPI with a value within 15 s in ${PAGE_LOADS} loads (the page has no data for this plant?); DOMContentLoaded ${int(dcl)} ms`,
        });
        metrics[`first_render_ms ${route}`] = renders.length ? med : null;
        console.error(`  ${route}: first render ${renders.length ? `${int(med)} ms` : 'no KPI'}`);
      }
    } finally {
      await browser.close();
    }
    rows.push({
      metric: 'plant',
      value: `${int(Number(m?.n ?? 0))} machines`,
      note: `${days.length} days; warehouse ${made}`,
    });
    rows.push({
      metric: 'server + client CPU during the API runs',
      value: `${fixed((cpu.user + cpu.system) / 1e6, 1)} s`,
      note: `${int(REQUESTS)} requests per endpoint, sequential, one process${skipped.length ? `; answered an error, not measured: ${skipped.join(', ')}` : ''}`,
    });
  } finally {
    await server.close();
  }
  return {
    name,
    title: `API latency and page first render, large plant (100 machines, ${DAYS} days)`,
    method: [
      `The large plant (\`scenarios/large.yaml\`, ${DAYS} days) is simulated, ingested, built (with its tests) and verified once through the CLI and the warehouse cached in \`bench/out/dashboard-large/\` (the drop is deleted; \`BENCH_DASHBOARD_REBUILD=1\` makes it again). \`startServer\` then serves it in the benchmark's process.`,
      `API: every GET route of \`src/server/routes/\` (but the live feed and routes with a path parameter), 5 warm-up requests, then ${REQUESTS} sequential keep-alive requests with \`day\` (and \`from\`/\`to\`: the week ending on it) cycling through all days; p50/p95/max of the client's wall time (the client runs in the same process, so its cost is included), and the process's CPU time per request (server, DuckDB's threads and client: unlike wall time it does not grow with other processes' load). Baseline: \`GET /api/health\` in the same run (no SQL). Target p95 < ${TARGET_P95_MS} ms.`,
      `Pages: each page of \`web/src/pages/index.ts\` loaded ${PAGE_LOADS} times in a fresh Chromium context (no cache): navigation start → the first KPI with a value visible (\`main [data-kpi]\` that is not "no data"), as \`performance.now()\` in the page; baseline DOMContentLoaded of the same loads. Target < ${int(TARGET_RENDER_MS)} ms (Streamlit's first run ~3 s, an Evidence page ~10 s).`,
    ],
    machine,
    date: new Date().toISOString(),
    rows: [
      ...rows,
      { metric: '1-minute load average at end', value: fixed(os.loadavg()[0] ?? 0, 2), note: '' },
    ],
    metrics,
  };
}
