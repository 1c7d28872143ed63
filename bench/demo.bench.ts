/**
 * How long `npm start` takes from nothing: `node bin/ironworks.js demo --data-dir <empty tmp> --port 0`
 * in a child process (the default: 7 days of the factorio plant), timed from spawn until stdout says
 * `ironworks is serving … at http://127.0.0.1:PORT`. The verify summary must say `OK:`; `/api/health`
 * is fetched once; then the child is sent SIGTERM and must exit.
 *
 * Where the time goes comes from the child's own progress lines, each stamped as it arrives (Node
 * writes to pipes synchronously on Linux, so a line arrives when it is written): process start-up,
 * simulation, each day's pipeline tasks, the final verify, the server start.
 *
 * Baseline in the same run: `node bin/ironworks.js --help`, the cost of starting Node and loading the
 * CLI (TypeScript through tsx) before any work. BENCH_DEMO_REPEAT runs (default 2) from a fresh
 * directory each; the fastest is the figure, all are listed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, type BenchRow, fixed, machineInfo } from './bench.ts';

export const name = 'demo';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPEAT = Math.max(1, Number(process.env.BENCH_DEMO_REPEAT ?? 2));
/** A run that has not served by then is a failure (the demo takes ~20 s on a 2-core machine). */
const TIMEOUT_MS = Number(process.env.BENCH_DEMO_TIMEOUT_S ?? 600) * 1000;
const SERVING_RE = /ironworks is serving .* at (http:\/\/127\.0\.0\.1:\d+)/;
const TASKS = ['ingest', 'build', 'test', 'verify', 'publish'] as const;

interface Stamped {
  at: number;
  stream: 'out' | 'err';
  text: string;
}

interface DemoRun {
  /** Spawn → the serving line. */
  seconds: number;
  /** The child's own "ready in X s" (from its command's start, so without Node and CLI start-up). */
  selfReported: number | null;
  url: string;
  verifySummary: string;
  verifyHead: string;
  verifyOk: boolean;
  health: { status: number; body: string; ms: number };
  exitCode: number | null;
  exitSignal: string | null;
  stopSeconds: number;
  /** Seconds from spawn to the first line (Node, tsx and the CLI loaded). */
  startup: number;
  /** First line → "running daily": simulation (and opening the warehouse). */
  simulate: number;
  days: { date: string; seconds: number; status: string }[];
  /** Per task, summed over the days (from one progress line to the next). */
  tasks: Record<string, number>;
  /** Build time per day as the build task reports it. */
  buildPerDay: number[];
  /** Last day done → the verify summary printed: the final whole-range verify. */
  finalVerify: number;
  /** Verify summary → serving line. */
  serve: number;
  chaos: string[];
  stderrTail: string[];
}

function runDemo(dataDir: string): Promise<DemoRun> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const now = () => (performance.now() - t0) / 1000;
    const child = spawn(
      process.execPath,
      ['bin/ironworks.js', 'demo', '--data-dir', dataDir, '--port', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: Stamped[] = [];
    let served: { at: number; url: string } | null = null;
    let finished = false;
    const partial = { out: '', err: '' };
    const fail = (err: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      const tail = lines.slice(-15).map((l) => `${l.stream}: ${l.text}`);
      reject(new Error(`${err.message}\n${tail.join('\n')}`));
    };
    const timer = setTimeout(
      () => fail(new Error(`demo did not serve within ${TIMEOUT_MS / 1000} s`)),
      TIMEOUT_MS,
    );
    const onData = (stream: 'out' | 'err') => (chunk: string) => {
      const at = now();
      partial[stream] += chunk;
      let nl = partial[stream].indexOf('\n');
      while (nl >= 0) {
        const text = partial[stream].slice(0, nl);
        partial[stream] = partial[stream].slice(nl + 1);
        nl = partial[stream].indexOf('\n');
        lines.push({ at, stream, text });
        const m = stream === 'out' ? SERVING_RE.exec(text) : null;
        if (m && !served) {
          served = { at, url: m[1] as string };
          void afterServing();
        }
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData('out'));
    child.stderr.setEncoding('utf8').on('data', onData('err'));
    child.on('error', (e) => fail(e));
    let exited: { code: number | null; signal: string | null; at: number } | null = null;
    const exitWaiters: (() => void)[] = [];
    child.on('exit', (code, signal) => {
      exited = { code, signal, at: now() };
      for (const w of exitWaiters) w();
      if (!served) fail(new Error(`demo exited (code ${code}, signal ${signal}) before serving`));
    });

    async function afterServing(): Promise<void> {
      const s = served as { at: number; url: string };
      let health: DemoRun['health'];
      try {
        const h0 = performance.now();
        const res = await fetch(`${s.url}/api/health`);
        const body = await res.text();
        health = { status: res.status, body, ms: performance.now() - h0 };
      } catch (err) {
        health = { status: 0, body: String(err), ms: 0 };
      }
      const stopAt = now();
      child.kill('SIGTERM');
      if (!exited) await new Promise<void>((r) => exitWaiters.push(r));
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const ex = exited as unknown as { code: number | null; signal: string | null; at: number };
      resolvePromise(analyse(lines, s, health, ex, ex.at - stopAt));
    }
  });
}

function analyse(
  lines: Stamped[],
  served: { at: number; url: string },
  health: DemoRun['health'],
  exited: { code: number | null; signal: string | null },
  stopSeconds: number,
): DemoRun {
  const find = (re: RegExp, stream?: 'out' | 'err') =>
    lines.find((l) => (!stream || l.stream === stream) && re.test(l.text));
  const first = lines[0] as Stamped;
  const running = find(/^running daily/, 'err');
  const head = find(/^verify \S+: /, 'out');
  const summary = find(/^ {2}(OK|FAILED): /, 'out');
  const tasks: Record<string, number> = Object.fromEntries(TASKS.map((t) => [t, 0]));
  const days: DemoRun['days'] = [];
  const buildPerDay: number[] = [];
  let prev = running?.at ?? first.at;
  let lastDone = prev;
  for (const l of lines) {
    if (l.stream !== 'err' || l.at < (running?.at ?? 0)) continue;
    if (/^\d{4}-\d{2}-\d{2}$/.test(l.text)) {
      prev = l.at;
      continue;
    }
    const task = /^ {2}\S (\w+)\s/.exec(l.text);
    if (task && (TASKS as readonly string[]).includes(task[1] as string)) {
      tasks[task[1] as string] = (tasks[task[1] as string] ?? 0) + (l.at - prev);
      prev = l.at;
      const b = /models built in ([\d.]+) s/.exec(l.text);
      if (b) buildPerDay.push(Number(b[1]));
      continue;
    }
    const done = /^ {2}→ (\w+) in ([\d.]+) s/.exec(l.text);
    if (done) {
      const date = [...lines].reverse().find((x) => x.at <= l.at && /^\d{4}-\d{2}-\d{2}$/.test(x.text));
      days.push({ date: date?.text ?? '?', seconds: Number(done[2]), status: done[1] as string });
      lastDone = l.at;
      prev = l.at;
    }
  }
  const chaosStart = lines.findIndex((l) => l.stream === 'out' && /chaos found vs injected/.test(l.text));
  const chaos =
    chaosStart < 0
      ? []
      : lines
          .slice(chaosStart + 2)
          .filter((l) => l.stream === 'out' && /^ {4}\w/.test(l.text))
          .map((l) => l.text.trim().replace(/\s+/g, ' '));
  const ready = /ready in ([\d.]+) s/.exec(lines.find((l) => SERVING_RE.test(l.text))?.text ?? '');
  return {
    seconds: served.at,
    selfReported: ready ? Number(ready[1]) : null,
    url: served.url,
    verifySummary: summary?.text.trim() ?? '(no verify summary line)',
    verifyHead: head?.text.trim() ?? '',
    verifyOk: Boolean(summary && /^OK:/.test(summary.text.trim())),
    health,
    exitCode: exited.code,
    exitSignal: exited.signal,
    stopSeconds,
    startup: first.at,
    simulate: (running?.at ?? first.at) - first.at,
    days,
    tasks,
    buildPerDay,
    finalVerify: (head?.at ?? lastDone) - lastDone,
    serve: served.at - (summary?.at ?? served.at),
    chaos,
    stderrTail: lines
      .filter((l) => l.stream === 'err')
      .slice(-5)
      .map((l) => l.text),
  };
}

function cliStartup(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['bin/ironworks.js', '--help'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolvePromise((performance.now() - t0) / 1000)
        : reject(new Error(`ironworks --help exited ${code}`)),
    );
  });
}

const s1 = (x: number) => `${fixed(x, 1)} s`;

export async function run(): Promise<BenchResult> {
  const machine = machineInfo();
  const runs: DemoRun[] = [];
  const startups: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    startups.push(await cliStartup());
    const tmp = mkdtempSync(join(os.tmpdir(), 'ironworks-bench-demo-'));
    try {
      console.error(`  run ${r + 1}/${REPEAT}: ironworks demo --data-dir ${tmp} --port 0…`);
      const d = await runDemo(join(tmp, 'data'));
      console.error(
        `  serving after ${s1(d.seconds)}; ${d.verifySummary}; /api/health ${d.health.status}; exit ${d.exitCode ?? d.exitSignal}`,
      );
      runs.push(d);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const baseline = Math.min(...startups);
  const loadEnd = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  const daysSum = best.days.reduce((n, d) => n + d.seconds, 0);
  let healthStatus = '';
  try {
    healthStatus = String((JSON.parse(best.health.body) as { status?: unknown }).status);
  } catch {
    healthStatus = best.health.body.slice(0, 80);
  }
  const allOk = runs.every((r) => r.verifyOk && r.health.status === 200);
  const rows: BenchRow[] = [
    {
      metric: '`npm start` from nothing: spawn → serving',
      value: s1(best.seconds),
      note: `${best.days.length} factorio days; runs ${runs.map((r) => fixed(r.seconds, 1)).join(', ')} s; the demo's own "ready in" ${best.selfReported === null ? '—' : s1(best.selfReported)}`,
    },
    {
      metric: 'verify summary',
      value: best.verifyOk ? 'OK' : 'NOT OK',
      note: `${best.verifyHead} — ${best.verifySummary}${allOk ? '' : `; other runs: ${runs.map((r) => r.verifySummary).join(' | ')}`}`,
    },
    {
      metric: 'GET /api/health',
      value: String(best.health.status),
      note: `status "${healthStatus}", ${fixed(best.health.ms, 0)} ms; then SIGTERM: exit ${best.exitCode ?? best.exitSignal} after ${fixed(best.stopSeconds, 2)} s`,
    },
    {
      metric: 'baseline: `ironworks --help`',
      value: s1(baseline),
      note: `Node + tsx + the CLI loaded, no work (fastest of ${startups.length}: ${startups.map((x) => fixed(x, 2)).join(', ')} s)`,
    },
    {
      metric: 'start-up (spawn → first line)',
      value: s1(best.startup),
      note: `${fixed((100 * best.startup) / best.seconds, 0)}%`,
    },
    {
      metric: 'simulate 7 days + open warehouse',
      value: s1(best.simulate),
      note: `${fixed((100 * best.simulate) / best.seconds, 0)}%`,
    },
    {
      metric: `daily pipeline, ${best.days.length} days`,
      value: s1(daysSum),
      note: `${fixed((100 * daysSum) / best.seconds, 0)}%; per day ${best.days.map((d) => fixed(d.seconds, 1)).join(', ')} s${best.days.every((d) => d.status === 'SUCCESS') ? '' : ` (statuses ${best.days.map((d) => d.status).join(', ')})`}`,
    },
    ...TASKS.map((t) => ({
      metric: `  ${t}, all days`,
      value: s1(best.tasks[t] ?? 0),
      note:
        t === 'build'
          ? `${fixed((100 * (best.tasks[t] ?? 0)) / daysSum, 0)}% of the pipeline; the build task's own times per day ${best.buildPerDay.map((x) => fixed(x, 1)).join(', ')} s (75 models over ~400 new rows a day: per-model overhead, not data)`
          : `${fixed((100 * (best.tasks[t] ?? 0)) / daysSum, 0)}% of the pipeline`,
    })),
    {
      metric: 'final verify (all days)',
      value: s1(best.finalVerify),
      note: `${fixed((100 * best.finalVerify) / best.seconds, 0)}%`,
    },
    {
      metric: 'start the server',
      value: s1(best.serve),
      note: 'verify summary printed → serving line',
    },
    {
      metric: '1-minute load average',
      value: `${machine.load} → ${loadEnd}`,
      note: 'at start → end: others’ work on a shared machine slows wall times',
    },
  ];
  return {
    name,
    title: '`npm start` from nothing: simulate 7 days, run the daily pipeline for each, verify, serve',
    method: [
      '`node bin/ironworks.js demo --data-dir <empty temporary dir> --port 0` (what `npm start` runs, with a free port and a throw-away data dir) in a child process, timed from spawn until stdout says `ironworks is serving … at http://127.0.0.1:PORT`. The verify summary line must say `OK:`; `GET /api/health` is fetched once; the child is then sent SIGTERM and its exit awaited. `npm` itself (a few hundred ms) is not in the figure, and neither is `npm ci`, whose time depends on the network and the npm cache rather than on ironworks.',
      `Where the time goes is read from the child's progress lines, each stamped when it arrives (stderr and stdout are pipes, written synchronously on Linux): start-up is spawn → first line; simulation is up to "running daily"; a task's time is from the previous progress line to its ✓ line, summed over the days; the final verify is from the last day to the summary. ${REPEAT} run(s) from a fresh directory each; the fastest is the figure and all are listed. Baseline in the same run: \`node bin/ironworks.js --help\`, the cost of starting Node and loading the CLI before any work.`,
    ],
    machine,
    date: new Date().toISOString(),
    rows,
    metrics: {
      seconds: best.seconds,
      runs: runs.map((r) => fixed(r.seconds, 2)).join(','),
      selfReportedSeconds: best.selfReported,
      verifyOk: best.verifyOk,
      verifySummary: best.verifySummary,
      healthStatus: best.health.status,
      exitCode: best.exitCode,
      baselineHelpSeconds: baseline,
      startupSeconds: best.startup,
      simulateSeconds: best.simulate,
      pipelineSeconds: daysSum,
      ...Object.fromEntries(TASKS.map((t) => [`${t}Seconds`, best.tasks[t] ?? 0])),
      finalVerifySeconds: best.finalVerify,
      serveSeconds: best.serve,
      loadAtStart: machine.load,
      loadAtEnd: loadEnd,
    },
  };
}
