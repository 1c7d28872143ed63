/**
 * Bronze on a simulated 30-day factorio drop with default chaos: every record landed or quarantined,
 * quarantine exactly what the ledger says was broken, audits balanced, reruns idempotent, changed
 * and late files handled, injected faults rolled back, and a second owner told who holds the file.
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/load.ts';
import type { LedgerEntry } from '../../../src/contracts/ledger.ts';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { simulate } from '../../../src/sim/run.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows, tableHash } from '../../helpers/warehouse.ts';

const dir = tempDir('bronze');
const src = join(dir.path, 'drop');
const db = join(dir.path, 'warehouse.duckdb');
const SOURCE_ID = 'FACTORY-ALPHA';
const HELD_BACK_FILE = 'raw_data/2025-12-03/operator_logs.csv';
const HELD_BACK = `${SOURCE_ID}/${HELD_BACK_FILE}`;
/** A file's identity in bronze: the source id, then its path in the drop. */
const id = (rel: string) => `${SOURCE_ID}/${rel}`;
let wh: Warehouse;

/** Records in a file as its format counts them (our files have no multi-line fields, no blank lines). */
function recordsIn(path: string): number {
  const buf = readFileSync(path);
  if (buf.length === 0) return 0;
  if (path.endsWith('.json')) return (JSON.parse(buf.toString('utf8')) as unknown[]).length;
  const lines = buf
    .toString('latin1')
    .split('\n')
    .filter((l) => l.length > 0).length;
  return path.endsWith('.csv') ? lines - 1 : lines;
}

function ledger(): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (const d of readdirSync(join(src, 'chaos'))) {
    const text = readFileSync(join(src, 'chaos', d, 'ledger.jsonl'), 'utf8');
    for (const line of text.split('\n')) if (line) out.push(JSON.parse(line) as LedgerEntry);
  }
  return out;
}

beforeAll(async () => {
  // Malformed records in every kind of file the seed drop has (CSV and JSON lines), not only the defaults.
  const base = loadScenario('factorio');
  const scenario = {
    ...base,
    chaos: {
      ...base.chaos,
      malformed_row: { rate: 0.01, sources: ['qc_checks', 'operator_logs', 'inventory_moves'] },
    },
  };
  await simulate({ scenario, start: '2025-12-01', days: 30, seed: 11, out: src });
  renameSync(join(src, HELD_BACK_FILE), join(dir.path, 'held-back.csv'));
  wh = await Warehouse.open(db, 'test');
  await ingest(wh, { sourceDir: src });
});

afterAll(async () => {
  await wh?.close();
  dir.remove();
});

describe('bronze ingestion of a 30-day factorio drop', () => {
  it('lands every record: bronze + quarantine = the records in each file', async () => {
    const loaded = new Map(
      (
        await rows<{ f: string; n: string }>(
          wh,
          `SELECT _source_file AS f, count(*) AS n FROM (
        SELECT _source_file FROM bronze.production_batches UNION ALL SELECT _source_file FROM bronze.sensor_logs
        UNION ALL SELECT _source_file FROM bronze.qc_checks UNION ALL SELECT _source_file FROM bronze.operator_logs
        UNION ALL SELECT _source_file FROM bronze.machine_states UNION ALL SELECT _source_file FROM bronze.machine_master
        UNION ALL SELECT _source_file FROM bronze.inventory_moves UNION ALL SELECT _source_file FROM bronze.quarantine) GROUP BY 1`,
        )
      ).map((r) => [r.f, Number(r.n)]),
    );
    let files = 0;
    for (const day of readdirSync(join(src, 'raw_data'))) {
      for (const f of readdirSync(join(src, 'raw_data', day))) {
        const rel = `raw_data/${day}/${f}`;
        expect(loaded.get(id(rel)) ?? 0, rel).toBe(recordsIn(join(src, rel)));
        files++;
      }
    }
    expect(files).toBeGreaterThan(200);
  });

  it('quarantines exactly the malformed records the ledger recorded', async () => {
    const expected = ledger()
      .filter((e) => e.type === 'malformed_row')
      .map((e) => `${id(e.file)}#${e.ordinal}`)
      .sort();
    const actual = (
      await rows<{ k: string }>(
        wh,
        `SELECT _source_file || '#' || _ordinal AS k FROM bronze.quarantine ORDER BY 1`,
      )
    ).map((r) => r.k);
    expect(expected.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
    const raw = await rows<{ n: string }>(
      wh,
      `SELECT count(*) AS n FROM bronze.quarantine WHERE raw_bytes IS NULL OR reason = ''`,
    );
    expect(Number(raw[0]?.n)).toBe(0);
  });

  it('writes an audit row per file that balances read = loaded + quarantined', async () => {
    const bad = await rows(
      wh,
      `SELECT * FROM ops.raw_load_audit WHERE rows_read <> rows_loaded + rows_quarantined OR status <> 'SUCCESS'`,
    );
    expect(bad).toEqual([]);
    const [n] = await rows<{ n: string }>(
      wh,
      `SELECT count(DISTINCT source_file) AS n FROM ops.raw_load_audit`,
    );
    // 7 files a day for 30 days, and the reference files, less the one held back.
    expect(Number(n?.n)).toBe(30 * 7 + 4 - 1);
  });

  it('keeps record numbers: the ledger ordinal of a dirty record finds it in bronze', async () => {
    const spelled = ledger()
      .filter((e) => e.type === 'product_name_spelling')
      .slice(0, 20);
    for (const e of spelled) {
      const r = await rows<{ p: string }>(
        wh,
        `SELECT product_name AS p FROM bronze.production_batches WHERE _source_file = '${id(e.file)}' AND _ordinal = ${e.ordinal}`,
      );
      expect(r[0]?.p).toBe(e.dirty_value);
    }
  });

  it('keeps drifted columns: the renamed column appears beside the old one', async () => {
    const cols = (
      await rows<{ c: string }>(
        wh,
        `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'bronze' AND table_name = 'production_batches'`,
      )
    ).map((r) => r.c);
    expect(cols).toContain('units_defective');
    expect(cols).toContain('defective_units');
  });

  it('changes nothing when the same ingest runs again', async () => {
    const tables = ['production_batches', 'sensor_logs', 'qc_checks', 'operator_logs', 'quarantine'];
    const before = await Promise.all(tables.map((t) => tableHash(wh, `bronze.${t}`)));
    const again = await ingest(wh, { sourceDir: src });
    expect(again.loaded).toBe(0);
    expect(again.unchanged).toBe(again.files.length);
    expect(await Promise.all(tables.map((t) => tableHash(wh, `bronze.${t}`)))).toEqual(before);
  });

  it('reloads only the slice of a file that changed', async () => {
    const rel = 'raw_data/2025-12-05/production_batches.csv';
    const file = id(rel);
    const others = await tableHash(
      wh,
      `(SELECT * FROM bronze.production_batches WHERE _source_file <> '${file}')`,
    );
    const sensors = await tableHash(wh, 'bronze.sensor_logs');
    const lines = readFileSync(join(src, rel), 'latin1').split('\r\n');
    writeFileSync(join(src, rel), Buffer.from(lines.filter((_, i) => i !== 3).join('\r\n'), 'latin1'));
    const r = await ingest(wh, { sourceDir: src });
    expect(r.files.filter((f) => f.action !== 'unchanged').map((f) => [f.file, f.action])).toEqual([
      [file, 'changed'],
    ]);
    const [n] = await rows<{ n: string }>(
      wh,
      `SELECT count(*) AS n FROM bronze.production_batches WHERE _source_file = '${file}'`,
    );
    expect(Number(n?.n)).toBe(recordsIn(join(src, rel)));
    expect(
      await tableHash(wh, `(SELECT * FROM bronze.production_batches WHERE _source_file <> '${file}')`),
    ).toBe(others);
    expect(await tableHash(wh, 'bronze.sensor_logs')).toBe(sensors);
  });

  it('loads a late file for an old day and marks it late', async () => {
    renameSync(join(dir.path, 'held-back.csv'), join(src, HELD_BACK_FILE));
    const r = await ingest(wh, { sourceDir: src });
    const late = r.files.filter((f) => f.action !== 'unchanged');
    expect(late.map((f) => [f.file, f.action, f.late])).toEqual([[HELD_BACK, 'new', true]]);
    const audit = await rows<{ l: boolean }>(
      wh,
      `SELECT is_late AS l FROM ops.raw_load_audit WHERE source_file = '${HELD_BACK}'`,
    );
    expect(audit.map((a) => a.l)).toEqual([true]);
    const current = await rows<{ n: string }>(
      wh,
      `SELECT count(*) AS n FROM bronze.operator_logs_current WHERE _source_file = '${HELD_BACK}'`,
    );
    expect(Number(current[0]?.n)).toBeGreaterThan(0);
  });
});

describe('faults and ownership', () => {
  it('rolls back a load that fails midway: no partial slice, a FAILED audit row, a clean retry', async () => {
    await wh.close();
    const targetRel = 'raw_data/2025-12-07/qc_checks.csv';
    const target = id(targetRel);
    const lines = readFileSync(join(src, targetRel), 'latin1').split('\r\n');
    writeFileSync(
      join(src, targetRel),
      Buffer.from([...lines.slice(0, -1), lines[1], ''].join('\r\n'), 'latin1'),
    );
    const failed = cli(['ingest', '--source', src, '--warehouse', db, '--json'], {
      IRONWORKS_FAULTS: 'bronze.after_insert:2025-12-07/qc_checks.csv',
    });
    expect(failed.code).toBe(1);
    const summary = JSON.parse(failed.stdout) as {
      failed: number;
      files: { file: string; action: string; error: string }[];
    };
    expect(summary.files.filter((f) => f.action === 'failed').map((f) => f.file)).toEqual([target]);
    expect(summary.files.find((f) => f.file === target)?.error).toMatch(/injected fault/);

    wh = await Warehouse.open(db, 'test');
    const audit = await rows<{ status: string; rows_loaded: string }>(
      wh,
      `SELECT status, rows_loaded FROM ops.raw_load_audit WHERE source_file = '${target}' ORDER BY finished_at`,
    );
    expect(audit.map((a) => a.status)).toEqual(['SUCCESS', 'FAILED']);
    // The old slice is intact (the failed load's delete was rolled back with it)…
    const count = async () => {
      const [r] = await rows<{ b: string; q: string }>(
        wh,
        `SELECT (SELECT count(*) FROM bronze.qc_checks WHERE _source_file = '${target}') AS b,
        (SELECT count(*) FROM bronze.quarantine WHERE _source_file = '${target}') AS q`,
      );
      return Number(r?.b) + Number(r?.q);
    };
    expect(await count()).toBe(recordsIn(join(src, targetRel)) - 1);
    expect(
      Number(
        (
          await rows<{ n: string }>(
            wh,
            `SELECT count(*) AS n FROM bronze.qc_checks WHERE _source_file = '${target}'`,
          )
        )[0]?.n,
      ),
    ).toBe(Number(audit[0]?.rows_loaded));
    // …and still current: models keep reading the last good load of the file until a retry succeeds.
    const current = await rows<{ n: string }>(
      wh,
      `SELECT count(*) AS n FROM bronze.qc_checks_current WHERE _source_file = '${target}'`,
    );
    expect(Number(current[0]?.n)).toBe(Number(audit[0]?.rows_loaded));
    await wh.close();

    const retry = cli(['ingest', '--source', src, '--warehouse', db, '--json']);
    expect(retry.code).toBe(0);
    wh = await Warehouse.open(db, 'test');
    expect(await count()).toBe(recordsIn(join(src, targetRel)));
    const last = await rows<{ status: string }>(
      wh,
      `SELECT status FROM ops.raw_load_audit WHERE source_file = '${target}' ORDER BY finished_at`,
    );
    expect(last.map((a) => a.status)).toEqual(['SUCCESS', 'FAILED', 'SUCCESS']);
  });

  it('tells a second process who holds the warehouse, never a raw DuckDB lock error', () => {
    const r = cli(['ingest', '--source', src, '--warehouse', db]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`is in use by process ${process.pid} (\`test\``);
    expect(r.stderr).not.toMatch(/Could not set lock|IO Error/);
  });

  it('translates DuckDB’s own lock error when the owner file is gone', () => {
    const owner = `${db}.owner.json`;
    expect(existsSync(owner)).toBe(true);
    renameSync(owner, `${owner}.bak`);
    try {
      const r = cli(['ingest', '--source', src, '--warehouse', db]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(new RegExp(`in use by process ${process.pid} `));
      expect(r.stderr).not.toMatch(/Could not set lock/);
    } finally {
      renameSync(`${owner}.bak`, owner);
    }
  });
});
