/**
 * Runs the real models project against tiny hand-made bronze fixtures in a temporary DuckDB file:
 * rows are landed as bronze holds them (every column text, plus the load's metadata and a manifest
 * row), then the runner builds the selected models.
 */
import { join } from 'node:path';
import { ensureBronzeTable } from '../../../src/lake/bronze/table.ts';
import { landWithMetadata } from '../../../src/lake/bronze/upgrade.ts';
import { literal } from '../../../src/lake/sql.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { loadProject } from '../../../src/transform/project.ts';
import { type BuildSummary, build } from '../../../src/transform/runner.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

export type FixtureRow = Record<string, string | number | null>;

/** A configured factory (models/intermediate/int_shifts.sql: shifts A 06–14, B 14–22, C 22–06) in America/Chicago. */
export const SOURCE = 'MEGA-WORKS';

export interface Harness {
  wh: Warehouse;
  /** Lands rows of a drop file (`raw_data/<day>/…`) or, with day null, a reference file. */
  land(table: string, day: string | null, records: FixtureRow[], file?: string): Promise<void>;
  build(select: string[]): Promise<BuildSummary>;
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

let seq = 0;

export async function harness(): Promise<Harness> {
  const dir = tempDir('models');
  const wh = await Warehouse.open(join(dir.path, 'w.duckdb'), 'test');
  const project = loadProject();
  return {
    wh,
    async land(table, day, records, file) {
      const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
      await ensureBronzeTable(wh.conn, table, columns);
      const path = day
        ? `${SOURCE}/raw_data/${day}/${file ?? table}`
        : `${SOURCE}/reference/${file ?? table}.csv`;
      const loadId = `test::${++seq}`;
      const logical = day ? `DATE ${literal(day)}` : 'NULL';
      if (records.length > 0) {
        const values = records.map(
          (r, i) =>
            `(${columns.map((c) => (r[c] === null || r[c] === undefined ? 'NULL' : literal(String(r[c])))).join(', ')}, ${literal(loadId)}, ${literal(path)}, ${i + 1}, 'sha', ${logical}, now())`,
        );
        await landWithMetadata(
          wh.conn,
          table,
          `(VALUES ${values.join(', ')}) v(${columns.map((c) => `"${c}"`).join(', ')}, _load_id, _source_file, _ordinal, _file_sha256, _logical_date, _ingested_at)`,
        );
      }
      await wh.conn.run(
        `INSERT INTO ops.file_manifest VALUES (${literal(path)}, '.', 'test', ${literal(table)}, ${logical}, 1, 1, 'sha', ${literal(loadId)}, 'SUCCESS', false, ${records.length}, 0, now())`,
      );
    },
    build: (select) => build(wh, project, { select }),
    query: (sql) => rows(wh, sql),
    async close() {
      await wh.close();
      dir.remove();
    },
  };
}

/** A factory in America/Chicago (DST) with two machines and the usual reference files. */
export async function chicagoPlant(h: Harness): Promise<void> {
  await h.land(
    'ref_factories',
    null,
    [{ factory_id: SOURCE, factory_name: 'Plant X', timezone: 'America/Chicago' }],
    'factories',
  );
  await h.land(
    'ref_machines',
    null,
    [
      {
        machine_id: 'PRESS-01',
        machine_name: 'Press #1',
        machine_type: 'Press',
        factory_id: SOURCE,
        output_product: 'Iron Plate',
        ideal_rate_units_per_hour: '60',
        energy_kwh_per_unit: '0.115',
        installed_on: '2024-01-01',
      },
      {
        machine_id: 'PRESS-02',
        machine_name: 'Press #2',
        machine_type: 'Press',
        factory_id: SOURCE,
        output_product: 'Gear Wheel',
        ideal_rate_units_per_hour: '30',
        energy_kwh_per_unit: '0.08',
        installed_on: '2024-01-01',
      },
    ],
    'machines',
  );
  await h.land(
    'ref_aliases',
    null,
    [
      { kind: 'product', alias: 'iron_plate', canonical: 'Iron Plate' },
      { kind: 'machine', alias: 'The Big Press', canonical: 'PRESS-01' },
    ],
    'aliases',
  );
}

/** A batch row as production_batches.csv holds it. */
export function batch(
  id: string,
  machine: string,
  start: string,
  end: string,
  units = 60,
  defective = 1,
  product = 'Iron Plate',
): FixtureRow {
  return {
    batch_id: id,
    machine_id: machine,
    product_name: product,
    start_time: start,
    end_time: end,
    units_produced: units,
    units_defective: defective,
  };
}

/** Failing build results, for assertion messages. */
export function problems(s: BuildSummary): string[] {
  return s.models.flatMap((m) => [
    ...(m.error ? [`${m.model}: ${m.error}`] : []),
    ...m.tests
      .filter((t) => t.status !== 'PASS' && t.severity === 'ERROR')
      .map((t) => `${t.name}: ${t.error ?? t.failing}`),
  ]);
}
