/** `ironworks build`, `ironworks test`, `ironworks models`: the model runner's commands. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Warehouse, warehousePath } from '../lake/warehouse.ts';
import { select } from '../transform/dag.ts';
import { lineage, renderGraph } from '../transform/lineage.ts';
import { DEFAULT_MODELS_DIR, loadProject } from '../transform/project.ts';
import { type BuildSummary, build } from '../transform/runner.ts';
import { progress } from './progress.ts';

interface Opts {
  select?: string[];
  fullRefresh?: boolean;
  warehouse?: string;
  models: string;
  json?: boolean;
  quiet?: boolean;
}

async function runBuild(o: Opts, mode: 'build' | 'test'): Promise<void> {
  const project = loadProject(o.models);
  const wh = await Warehouse.open(warehousePath(o.warehouse), `ironworks ${mode}`);
  try {
    let bar: ReturnType<typeof progress> | null = null;
    const summary = await build(wh, project, {
      select: o.select,
      fullRefresh: o.fullRefresh,
      run: mode === 'build',
      test: true,
      onModel: (r, _i, total) => {
        bar ??= progress(total, mode, Boolean(o.quiet || o.json));
        const t = r.tests.length
          ? ` tests ${r.tests.filter((x) => x.status === 'PASS').length}/${r.tests.length}`
          : '';
        bar.tick(`${r.model} ${r.status}${r.mode ? ` (${r.mode})` : ''}${t}`);
      },
    });
    (bar as ReturnType<typeof progress> | null)?.stop();
    if (o.json) console.log(JSON.stringify(summary, null, 2));
    else print(summary, mode);
    if (summary.errors > 0 || summary.testsFailed > 0) process.exitCode = 1;
  } finally {
    await wh.close();
  }
}

function print(s: BuildSummary, mode: 'build' | 'test'): void {
  for (const r of s.models) {
    const rows = r.rows === null ? '' : `${r.rows.toLocaleString('en-US')} rows`;
    const days = r.affectedDays.length
      ? ` days ${r.affectedDays[0]}…${r.affectedDays[r.affectedDays.length - 1]}`
      : '';
    const line =
      mode === 'build'
        ? `${r.status.padEnd(8)} ${r.relation.padEnd(44)} ${(r.mode || '').padEnd(11)} ${rows.padStart(14)} ${r.seconds.toFixed(2)}s${days}`
        : `${r.relation}`;
    console.log(line);
    if (r.error) console.log(`         ${r.error}`);
    for (const t of r.tests) {
      if (t.status === 'PASS') continue;
      console.log(
        `         ${t.severity === 'WARN' ? 'warn ' : 'FAIL '} ${t.name}: ${t.error ?? `${t.failing} failing row(s)`}`,
      );
    }
  }
  const tests = s.models.flatMap((r) => r.tests);
  console.log(
    `${mode === 'build' ? `${s.models.length - s.errors - s.skipped} built, ${s.errors} errors, ${s.skipped} skipped; ` : ''}tests: ${tests.filter((t) => t.status === 'PASS').length} passed, ${s.testsFailed} failed, ${s.testsWarned} warned (${s.seconds.toFixed(2)} s)`,
  );
}

export function registerBuild(program: Command): void {
  const common = (c: Command) =>
    c
      .option(
        '-s, --select <selector...>',
        'models to run: name, +name (with upstream), name+ (with downstream), path:marts, tag:x',
      )
      .option('--warehouse <file>', 'DuckDB file (default: $IRONWORKS_WAREHOUSE or data/warehouse.duckdb)')
      .option('--models <dir>', 'models project folder', DEFAULT_MODELS_DIR)
      .option('--json', 'print the summary as JSON on stdout')
      .option('-q, --quiet', 'no progress output');
  common(
    program
      .command('build')
      .description('Build models bronze → silver → gold in dependency order, testing each as it is built'),
  )
    .option('--full-refresh', 'rebuild incremental models from scratch')
    .action((o: Opts) => runBuild(o, 'build'));
  common(
    program
      .command('test')
      .description('Run the data tests of the models (results in ops.data_quality_audit)'),
  ).action((o: Opts) => runBuild(o, 'test'));
  program
    .command('models')
    .description('List the models, or show their lineage')
    .option('-s, --select <selector...>', 'only these models')
    .option('--models <dir>', 'models project folder', DEFAULT_MODELS_DIR)
    .option('--graph', 'show what each model reads, layer by layer')
    .option('--lineage <file>', 'write the lineage graph as JSON to this file')
    .option('--json', 'print the models as JSON')
    .action((o: { select?: string[]; models: string; graph?: boolean; lineage?: string; json?: boolean }) => {
      const project = loadProject(o.models);
      if (o.lineage) writeFileSync(o.lineage, `${JSON.stringify(lineage(project), null, 2)}\n`);
      if (o.graph) {
        console.log(renderGraph(project));
        return;
      }
      const models = select(project, o.select);
      if (o.json) {
        console.log(
          JSON.stringify(
            models.map((m) => ({
              name: m.name,
              relation: m.relation,
              materialization: m.config.materialized,
              depends_on: [...m.sources, ...m.dependsOn],
              tests: m.tests.length,
              description: m.description,
            })),
            null,
            2,
          ),
        );
        return;
      }
      for (const m of models)
        console.log(
          `${m.relation.padEnd(44)} ${m.config.materialized.padEnd(12)} ${m.tests.length} tests  ${m.description.split('\n')[0] ?? ''}`,
        );
    });
}
