/** `ironworks ingest`: land a source directory's files in bronze, incrementally, with an audit per file. */
import type { Command } from 'commander';
import { ingest } from '../lake/ingest.ts';
import { Warehouse, warehousePath } from '../lake/warehouse.ts';
import { isoDate } from './options.ts';
import { progress } from './progress.ts';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('Load raw_data/<date>/ files (and reference/) from --source into bronze')
    .requiredOption('--source <dir>', 'directory holding raw_data/ (as `simulate --out` writes it)')
    .option('--date <date>', 'only this plant-local day', isoDate)
    .option('--reference <dir>', 'reference data folder (default: <source>/reference)')
    .option(
      '--source-id <id>',
      'names the source in file identities (default: its factory id, else the folder name)',
    )
    .option('--warehouse <file>', 'DuckDB file (default: $IRONWORKS_WAREHOUSE or data/warehouse.duckdb)')
    .option('--pipeline <name>', 'pipeline name recorded in load ids and the audit', 'ingest')
    .option('--run-id <id>', "run id (default: each file's day, so a rerun replaces its own slice)")
    .option('--json', 'print the summary as JSON on stdout')
    .option('-q, --quiet', 'no progress output')
    .action(
      async (o: {
        source: string;
        sourceId?: string;
        date?: string;
        reference?: string;
        warehouse?: string;
        pipeline: string;
        runId?: string;
        json?: boolean;
        quiet?: boolean;
      }) => {
        const wh = await Warehouse.open(warehousePath(o.warehouse), `ironworks ingest --source ${o.source}`);
        try {
          let bar: ReturnType<typeof progress> | null = null;
          const summary = await ingest(wh, {
            sourceDir: o.source,
            date: o.date,
            referenceDir: o.reference,
            sourceId: o.sourceId,
            pipeline: o.pipeline,
            runId: o.runId,
            onFile: (f, _i, total) => {
              bar ??= progress(total, 'ingest', Boolean(o.quiet || o.json));
              const q = f.rowsQuarantined ? `, ${f.rowsQuarantined} quarantined` : '';
              bar.tick(
                `${f.file}: ${f.action}${f.late ? ' (late)' : ''}${f.action === 'unchanged' ? '' : ` ${f.rowsLoaded} rows${q}`}`,
              );
            },
          });
          (bar as ReturnType<typeof progress> | null)?.stop();
          if (o.json) console.log(JSON.stringify(summary, null, 2));
          else printSummary(summary);
          if (summary.failed > 0) process.exitCode = 1;
        } finally {
          await wh.close();
        }
      },
    );
}

function printSummary(s: Awaited<ReturnType<typeof ingest>>): void {
  const n = (x: number) => x.toLocaleString('en-US');
  console.log(
    `ingested ${s.sourceDir}: ${s.loaded} file(s) loaded, ${s.unchanged} unchanged, ${s.failed} failed, ${s.late} late (${s.seconds.toFixed(2)} s)`,
  );
  console.log(
    `  ${'table'.padEnd(24)} ${'files'.padStart(6)} ${'read'.padStart(12)} ${'loaded'.padStart(12)} ${'quarantined'.padStart(12)}`,
  );
  for (const [table, t] of Object.entries(s.tables).sort(([a], [b]) => a.localeCompare(b))) {
    console.log(
      `  ${table.padEnd(24)} ${n(t.files).padStart(6)} ${n(t.rowsRead).padStart(12)} ${n(t.rowsLoaded).padStart(12)} ${n(t.rowsQuarantined).padStart(12)}`,
    );
  }
  for (const f of s.files.filter((x) => x.action === 'failed')) console.log(`  FAILED ${f.file}: ${f.error}`);
  for (const f of s.files.filter((x) => x.late)) console.log(`  late   ${f.file} (day ${f.logicalDate})`);
  if (s.unknownFiles.length > 0)
    console.log(
      `  skipped ${s.unknownFiles.length} file(s) no reader takes: ${s.unknownFiles.slice(0, 5).join(', ')}${s.unknownFiles.length > 5 ? ', …' : ''}`,
    );
}
