/** `ironworks verify`: gold against the ground truth, metric by metric; exits 1 on any difference. */
import type { Command } from 'commander';
import { Warehouse, warehousePath } from '../lake/warehouse.ts';
import { parseTolerance } from '../quality/tolerance.ts';
import { type VerifyReport, verify } from '../quality/verify.ts';

export function printReport(r: VerifyReport, limit = 25): void {
  console.log(
    `verify ${r.factoryId}: ${r.days} day(s), ${r.compared.toLocaleString('en-US')} metrics compared (${r.tolerance})`,
  );
  console.log(
    `  ${r.ok ? 'OK' : 'FAILED'}: ${r.matched.toLocaleString('en-US')} match, ${r.mismatched.length.toLocaleString('en-US')} differ`,
  );
  if (r.mismatched.length > 0) {
    console.log(
      `  ${'day'.padEnd(10)} ${'entity'.padEnd(28)} ${'metric'.padEnd(28)} ${'expected'.padStart(14)} ${'actual'.padStart(14)} ${'rel.err'.padStart(10)}`,
    );
    for (const m of r.mismatched.slice(0, limit)) {
      const f = (x: number | null) => (x === null ? 'null' : Number.isInteger(x) ? String(x) : x.toFixed(6));
      console.log(
        `  ${m.day} ${`${m.entityType}:${m.entity}`.padEnd(28).slice(0, 28)} ${m.metric.padEnd(28).slice(0, 28)} ${f(m.expected).padStart(14)} ${f(m.actual).padStart(14)} ${(m.relError === null ? '' : m.relError.toExponential(1)).padStart(10)}`,
      );
    }
    if (r.mismatched.length > limit)
      console.log(`  … ${r.mismatched.length - limit} more in ops.reconciliation (verify_id ${r.verifyId})`);
  }
  if (r.notCompared.length)
    console.log(`  not compared (gold has no such metrics yet): ${r.notCompared.join(', ')}`);
  if (r.truthLacks.length) console.log(`  the truth files lack: ${r.truthLacks.join(', ')}`);
  if (r.chaos) {
    const pct = (x: number | null) => (x === null ? '   —' : `${(x * 100).toFixed(1).padStart(5)}%`);
    console.log(`  chaos found vs injected (ledger):`);
    console.log(
      `    ${'type'.padEnd(22)} ${'kind'.padEnd(13)} ${'injected'.padStart(9)} ${'detected'.padStart(9)} ${'matched'.padStart(8)} ${'precision'.padStart(9)} ${'recall'.padStart(8)}`,
    );
    for (const c of r.chaos) {
      const kind = c.recoverable ? 'recoverable' : 'unrecoverable';
      console.log(
        `    ${c.type.padEnd(22)} ${kind.padEnd(13)} ${String(c.injected).padStart(9)} ${String(c.detected).padStart(9)} ${String(c.matched).padStart(8)} ${pct(c.precision).padStart(9)} ${pct(c.recall).padStart(8)}${c.scored ? '' : '  (no finder: not scored)'}${c.destroyed ? `  (+${c.destroyed} on malformed rows: unrecoverable)` : ''}`,
      );
    }
  }
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'Compare gold with the ground truth for every day, machine and product; exit 1 on a difference',
    )
    .requiredOption('--source <dir>', 'the drop (its ground_truth/ is the default truth)')
    .option('--truth <dir>', 'truth folder (default: <source>/ground_truth)')
    .option('--factory <id>', 'factory to verify (default: the one the truth files name)')
    .option('--warehouse <file>', 'DuckDB file (default: $IRONWORKS_WAREHOUSE or data/warehouse.duckdb)')
    .option(
      '--tolerance <x>',
      'relative tolerance for every metric, e.g. 2% (default: exact counts, 1e-6 on decimals)',
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (o: {
        source: string;
        truth?: string;
        factory?: string;
        warehouse?: string;
        tolerance?: string;
        json?: boolean;
      }) => {
        const tolerance = parseTolerance(o.tolerance);
        const wh = await Warehouse.open(warehousePath(o.warehouse), 'ironworks verify');
        try {
          const r = await verify(wh.conn, {
            sourceDir: o.source,
            truthDir: o.truth,
            factoryId: o.factory,
            tolerance,
          });
          if (o.json) console.log(JSON.stringify(r, null, 2));
          else printReport(r);
          if (!r.ok) process.exitCode = 1;
        } finally {
          await wh.close();
        }
      },
    );
}
