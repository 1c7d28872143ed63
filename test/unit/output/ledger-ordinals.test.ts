/** Chaos then the writer: every ledger entry points at the record it describes in the file. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chaosSchema } from '../../../src/config/chaos-schema.ts';
import { getPath } from '../../../src/sim/output/table.ts';
import { writeTable } from '../../../src/sim/output/write.ts';
import { batches, runner, START, sensorLogs, widgetTelemetry } from '../chaos/fixtures.ts';

const out = mkdtempSync(join(tmpdir(), 'ironworks-ordinals-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('ledger ordinals', () => {
  it('point at the dirty record: data line (CSV), element (json-array), line (jsonl)', async () => {
    const chaos = chaosSchema.parse({
      product_name_spelling: { rate: 0.2 },
      machine_id_spelling: { rate: 0.1 },
      sensor_null: { rate: 0.05 },
      duplicate_record: { rate: 0.05, sources: ['production_batches', 'machine-telemetry'] },
      out_of_order: { rate: 0.05, sources: ['production_batches', 'sensor_logs', 'machine-telemetry'] },
      malformed_row: { rate: 0.05, sources: ['production_batches', 'machine-telemetry'] },
    });
    const tables = runner(chaos).applyDay(0, START, [
      batches(START, 400),
      sensorLogs(START, 400),
      widgetTelemetry(START, 400),
    ]);
    const entries = (await Promise.all(tables.map((t) => writeTable(out, t)))).flat();
    expect(entries.length).toBeGreaterThan(100);
    const files = new Map<string, string[]>();
    const recordsOf = (file: string): string[] => {
      let r = files.get(file);
      if (!r) {
        const text = readFileSync(join(out, file)).toString('latin1');
        if (file.endsWith('.csv'))
          r = text.split('\r\n').slice(1, -1); // fixture text has no quoted newlines
        else if (file.endsWith('.jsonl')) r = text.split('\n').slice(0, -1);
        else r = (JSON.parse(text) as unknown[]).map((e) => JSON.stringify(e));
        files.set(file, r);
      }
      return r;
    };
    const seen = new Set<string>();
    const broken = new Set(
      entries.filter((e) => e.type === 'malformed_row').map((e) => `${e.file}#${e.ordinal}`),
    );
    for (const e of entries) {
      const record = recordsOf(e.file)[(e.ordinal as number) - 1] as string;
      expect(record).toBeDefined();
      seen.add(e.type);
      if (e.type === 'malformed_row') {
        expect(record).not.toBe(e.clean_value);
        continue;
      }
      if (broken.has(`${e.file}#${e.ordinal}`)) continue; // written as its raw form
      if (typeof e.dirty_value === 'string' && e.type !== 'duplicate_record')
        expect(record).toContain(e.dirty_value);
      if (e.type === 'sensor_null') expect(getPath(JSON.parse(record), e.field as string)).toBeNull();
      if (e.file.endsWith('production_batches.csv')) expect(record.startsWith(`${e.record_key},`)).toBe(true);
    }
    expect([...seen].sort()).toEqual(
      [
        'duplicate_record',
        'machine_id_spelling',
        'malformed_row',
        'out_of_order',
        'product_name_spelling',
        'sensor_null',
      ].sort(),
    );
  });
});
