/**
 * What every benchmark shares: the result shape, the machine it ran on, and how results are shown
 * (a text table on the terminal) and kept (one section of BENCHMARKS.md per benchmark, between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, so a run replaces only the sections it measured).
 */
import os from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
  /** 1-minute load average when the benchmark started: on a shared machine, others' work shows here. */
  load: number;
}

export interface BenchRow {
  metric: string;
  value: string;
  note?: string;
}

export interface BenchResult {
  name: string;
  /** What was measured, one line. */
  title: string;
  /** How it was measured and what the baseline is (markdown paragraphs). */
  method: string[];
  machine: MachineInfo;
  /** When the benchmark finished (ISO). */
  date: string;
  rows: BenchRow[];
  /** The raw numbers, written to bench/out/<name>.json for tools. */
  metrics: Record<string, number | string | boolean | null>;
}

/** What a benchmark module (`bench/<name>.bench.ts`) exports: `export const name`, `export function run`. */
export interface Benchmark {
  name: string;
  run(): Promise<BenchResult>;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: (cpus[0]?.model ?? 'unknown CPU').trim(),
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.platform()} ${os.arch()}`,
    load: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node} (${m.os})`;
}

/** `1,234,567` */
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
/** Fixed decimals with thousands separators: `fixed(1234.5, 1)` → `1,234.5`. */
export const fixed = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const mib = (bytes: number) => `${fixed(bytes / 2 ** 20, 0)} MiB`;

/** The result as an aligned text table, for the terminal. */
export function textTable(r: BenchResult): string {
  const head = ['metric', 'value', 'note'];
  const cells = r.rows.map((x) => [x.metric, x.value, x.note ?? '']);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) =>
    c
      .map((s, i) => (i === 1 ? s.padStart(width[i] as number) : s.padEnd(width[i] as number)))
      .join('  ')
      .trimEnd();
  return [
    `${r.name}: ${r.title}`,
    line(head),
    line(width.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    `(${describeMachine(r.machine)}; load ${r.machine.load} at start)`,
  ].join('\n');
}

const escapeCell = (s: string) => s.replaceAll('|', '\\|');

/** The benchmark's section of BENCHMARKS.md, markers included. */
export function markdownSection(r: BenchResult): string {
  return [
    `<!-- bench:${r.name} -->`,
    `## ${r.name}: ${r.title}`,
    '',
    ...r.method.flatMap((p) => [p, '']),
    '| metric | value | note |',
    '|---|--:|---|',
    ...r.rows.map(
      (x) => `| ${escapeCell(x.metric)} | ${escapeCell(x.value)} | ${escapeCell(x.note ?? '')} |`,
    ),
    '',
    `Measured ${r.date.slice(0, 10)} on ${describeMachine(r.machine)}; 1-minute load average ${r.machine.load} at start.`,
    `<!-- /bench:${r.name} -->`,
  ].join('\n');
}

const SECTION_RE = /<!-- bench:([\w-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g;

/**
 * BENCHMARKS.md with the given results' sections replaced (or appended) and the others kept as
 * they are; the top is rewritten with this machine and date.
 */
export function updateBenchmarksMd(existing: string | null, results: BenchResult[], m: MachineInfo): string {
  const sections = new Map<string, string>();
  for (const match of (existing ?? '').matchAll(SECTION_RE)) sections.set(match[1] as string, match[0]);
  for (const r of results) sections.set(r.name, markdownSection(r));
  const top = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`bench/run.ts`; `npm run bench -- NAME…` runs some). Each benchmark',
    'owns the section between its markers; a run replaces only the sections of the benchmarks it ran.',
    'Speed is measured here and never asserted in tests; each benchmark compares against a baseline',
    'measured in the same run.',
    '',
    `Last run ${new Date().toISOString().slice(0, 10)} on ${describeMachine(m)}.`,
  ].join('\n');
  return `${[top, ...sections.values()].join('\n\n')}\n`;
}
