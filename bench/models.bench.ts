/**
 * Model runner start-up: discover and plan a 100-model project (read files, parse YAML and headers,
 * find dependencies, order, select, compile tests) with no SQL run. dbt's parse alone takes seconds
 * on projects this size; the target here is < 0.3 s. Baseline in the same run: reading the same
 * files' bytes and nothing else (the floor any runner pays).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { select } from '../src/transform/dag.ts';
import { loadProject } from '../src/transform/project.ts';
import { compileTest } from '../src/transform/tests.ts';
import { type BenchResult, machineInfo } from './bench.ts';

export const name = 'models';

function makeProject(dir: string, n: number): void {
  // Layers like a real project: staging reads bronze, each later model reads two earlier ones.
  for (let i = 0; i < n; i++) {
    const folder = i < 30 ? 'staging' : i < 70 ? 'intermediate' : 'marts';
    const schema = folder === 'marts' ? 'gold' : 'silver';
    const deps =
      i < 30
        ? [`bronze.src_${i}_current`]
        : [`silver.m_${i - 30 + (i % 7)}`, `silver.m_${Math.max(0, i - 31)}`];
    const from = deps
      .map((d, k) => `${k === 0 ? 'FROM' : 'JOIN'} ${d} t${k}${k > 0 ? ' USING (id)' : ''}`)
      .join('\n');
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(
      join(dir, folder, `m_${i}.sql`),
      `-- model ${i}: ${schema}\n-- config: tags=bench\nSELECT t0.id, t0.value AS v_${i} -- silver.not_a_dep\n${from}\nWHERE t0.note <> 'gold.nor_this'\n`,
    );
    writeFileSync(
      join(dir, folder, `_m_${i}.yml`),
      `models:\n  - name: m_${i}\n    description: model ${i}\n    columns:\n      - name: id\n        tests: [unique, not_null]\n      - name: v_${i}\n        tests: [{ range: { min: 0 } }]\n`,
    );
  }
}

function timeIt(f: () => void, reps: number): number {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function run(): Promise<BenchResult> {
  const dir = join(tmpdir(), `ironworks-bench-models-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  makeProject(dir, 100);
  let models = 0;
  let tests = 0;
  const plan = () => {
    const p = loadProject(dir);
    const order = select(p, []);
    tests = order.reduce((a, m) => a + m.tests.map((t) => compileTest(m, t.column, t.spec)).length, 0);
    models = order.length;
  };
  const readOnly = () => {
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else readFileSync(p);
      }
    };
    walk(dir);
  };
  const cold = (() => {
    const t0 = performance.now();
    plan();
    return performance.now() - t0;
  })();
  const median = timeIt(plan, 15);
  const floor = timeIt(readOnly, 15);
  rmSync(dir, { recursive: true, force: true });
  return {
    name,
    title: 'Model runner start-up: discover + plan 100 models (no SQL run)',
    method: [
      'A generated project of 100 models in staging/intermediate/marts with YAML tests beside each (300 tests). Timed in-process: loadProject (read files, parse YAML and config headers, find dependencies), topological order and selection, and compiling every test to SQL. First (cold) run and the median of 15.',
      "Baseline in the same run: only reading the same files' bytes (the floor any runner pays). Target: < 300 ms.",
    ],
    machine: machineInfo(),
    date: new Date().toISOString(),
    rows: [
      { metric: 'models / tests planned', value: `${models} / ${tests}` },
      { metric: 'cold start (first plan)', value: `${cold.toFixed(1)} ms` },
      {
        metric: 'warm plan (median of 15)',
        value: `${median.toFixed(1)} ms`,
        note: median < 300 ? 'target < 300 ms met' : 'target < 300 ms MISSED',
      },
      { metric: 'reading the files only (baseline)', value: `${floor.toFixed(1)} ms` },
      { metric: 'ratio plan / read', value: `${(median / floor).toFixed(1)}×` },
    ],
    metrics: { models, tests, coldMs: cold, medianMs: median, readMs: floor },
  };
}
