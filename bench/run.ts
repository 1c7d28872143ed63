/**
 * `npm run bench [-- NAME…]`: runs every `bench/<name>.bench.ts` (or the named ones) one after
 * another, prints each result as a table, writes the raw numbers to bench/out/<name>.json and the
 * results into BENCHMARKS.md (only the sections of the benchmarks that ran are replaced).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Benchmark, type BenchResult, machineInfo, textTable, updateBenchmarksMd } from './bench.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const MD_FILE = join(ROOT, 'BENCHMARKS.md');
const OUT_DIR = join(BENCH_DIR, 'out');
const SUFFIX = '.bench.ts';

const available = readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith(SUFFIX))
  .map((f) => f.slice(0, -SUFFIX.length))
  .sort();
const asked = process.argv.slice(2);
const unknown = asked.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
const names = asked.length > 0 ? asked : available;

const results: BenchResult[] = [];
for (const name of names) {
  const mod = (await import(pathToFileURL(join(BENCH_DIR, `${name}${SUFFIX}`)).href)) as Partial<Benchmark>;
  if (mod.name !== name || typeof mod.run !== 'function')
    throw new Error(`${name}${SUFFIX} must export name = "${name}" and run()`);
  console.error(`bench ${name}: running…`);
  const result = await mod.run();
  results.push(result);
  console.log(`\n${textTable(result)}\n`);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

const existing = existsSync(MD_FILE) ? readFileSync(MD_FILE, 'utf8') : null;
writeFileSync(MD_FILE, updateBenchmarksMd(existing, results, machineInfo()));
console.log(`wrote ${results.map((r) => r.name).join(', ')} to BENCHMARKS.md`);
