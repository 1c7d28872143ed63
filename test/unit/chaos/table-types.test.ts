/** The types that change a file's shape: drifts, late and duplicate rows, order, broken records. */
import { describe, expect, it } from 'vitest';
import { chaosSchema } from '../../../src/config/chaos-schema.ts';
import { addDays } from '../../../src/contracts/plant-time.ts';
import type { Row, SourceTable } from '../../../src/sim/output/table.ts';
import {
  batches,
  byName,
  entriesOf,
  nearRate,
  oneDay,
  qcChecks,
  runner,
  START,
  sensorLogs,
  widgetTelemetry,
} from './fixtures.ts';

const cfg = (x: unknown) => chaosSchema.parse(x);
const N = 3000;

describe('schema_drift', () => {
  const config = cfg({ schema_drift: { rate: 1, from_day: 2 } });

  it('renames and adds columns from from_day on, with one entry per table and day', () => {
    const make = (d: string) => [batches(d, 50), sensorLogs(d, 50), batches(d, 0)];
    const before = oneDay(config, make, 1).tables;
    expect(before.flatMap(entriesOf)).toEqual([]);
    const { tables } = oneDay(config, make, 2);
    const b = tables[0]!;
    expect(b.columns).toEqual([
      'batch_id',
      'machine_id',
      'product_name',
      'start_time',
      'end_time',
      'units_produced',
      'defective_units',
    ]);
    expect(b.rows.every((r) => 'defective_units' in r && !('units_defective' in r))).toBe(true);
    expect(b.ledger).toEqual([
      {
        type: 'schema_drift',
        source: 'production_batches',
        record_key: 'production_batches.csv',
        field: 'defective_units',
        clean_value: 'units_defective',
        dirty_value: 'defective_units',
        event_date: '2025-12-03',
      },
    ]);
    const s = tables[1]!;
    expect(s.columns.at(-1)).toBe('firmware_version');
    expect(s.rows.every((r) => r.firmware_version === '2.4.1')).toBe(true);
    expect(s.ledger?.[0]).toMatchObject({
      field: 'firmware_version',
      clean_value: null,
      dirty_value: 'firmware_version',
    });
    // An empty file shows no schema: its columns change but nothing is recorded.
    expect(tables[2]!.ledger ?? []).toEqual([]);
  });

  it('renames nested keys in place without touching shared objects (widgets)', () => {
    const sharedMetrics = { temperature_celsius: 40, power_consumption_watts: 1500, cycle_count: 1 };
    const make = (d: string) => {
      const t = widgetTelemetry(d, 10);
      t.rows[0]!.metrics = sharedMetrics;
      return [t];
    };
    const tables = runner(config, { format: 'widgets' }).applyDay(
      3,
      addDays(START, 3),
      make(addDays(START, 3)),
    );
    const row = tables[0]!.rows[0]!;
    expect(Object.keys(row.metrics as Row)).toEqual(['temperature_celsius', 'power_watts', 'cycle_count']);
    expect(sharedMetrics).toHaveProperty('power_consumption_watts');
    expect(tables[0]!.ledger?.[0]).toMatchObject({
      field: 'metrics.power_watts',
      clean_value: 'metrics.power_consumption_watts',
    });
  });

  it('never happens at rate 0', () => {
    const r = runner(cfg({ schema_drift: { rate: 0, from_day: 0 } }));
    const tables = r.applyDay(5, addDays(START, 5), [batches(addDays(START, 5), 10)]);
    expect(tables[0]!.columns).toContain('units_defective');
  });
});

describe('late_arrival', () => {
  it('delivers rows 1–2 days later, at the end of their table, never past the last day', () => {
    const days = 5;
    const r = runner(cfg({ late_arrival: { rate: 0.05, days: [1, 2] } }), { days });
    const out: SourceTable[][] = [];
    for (let d = 0; d < days; d++) {
      const date = addDays(START, d);
      // Day 3 has no qc_checks of its own: late ones must create the table.
      const tables = [batches(date, 1000), ...(d === 3 ? [] : [qcChecks(date, 1000)])];
      out.push(r.applyDay(d, date, tables));
    }
    let total = 0;
    out.forEach((tables, d) => {
      const date = addDays(START, d);
      for (const t of tables) {
        expect(t.date === date || t.source === 'qc_checks').toBe(true);
        const late = t.rows.filter((row) => t.meta.get(row)?.ledger.some((e) => e.type === 'late_arrival'));
        // Late rows sit after the day's own rows.
        const firstLate = t.rows.findIndex((row) => late.includes(row));
        if (firstLate >= 0) expect(t.rows.slice(firstLate).every((row) => late.includes(row))).toBe(true);
        for (const row of late) {
          const e = t.meta.get(row)!.ledger.find((x) => x.type === 'late_arrival')!;
          expect(e.dirty_value).toBe(date);
          const delay = (Date.parse(date) - Date.parse(e.clean_value as string)) / 86_400_000;
          expect([1, 2]).toContain(delay);
          expect(e.event_date).toBe(e.clean_value);
          if (t.source === 'production_batches')
            expect(String(row.batch_id)).toContain(String(e.clean_value).replaceAll('-', ''));
        }
        total += late.length;
      }
    });
    expect(out[0]!.flatMap(entriesOf)).toEqual([]); // nothing can be late on the first day
    expect(byName(out[3]!, 'qc_checks').date).toBe(addDays(START, 3));
    expect(byName(out[3]!, 'qc_checks').rows.length).toBeGreaterThan(0);
    // Days 0–2 may delay all 2000 rows, day 3 (1000 rows) only those drawing 1 day, day 4 none.
    expect(nearRate(total, 6500, 0.05)).toBe(true);
    // Every row appears exactly once over the run.
    const ids = out.flatMap((ts) => byName(ts, 'production_batches').rows.map((row) => row.batch_id));
    expect(new Set(ids).size).toBe(5000);
    expect(ids.length).toBe(5000);
  });

  it('keeps the dirt a row got on its own day, with its own event date', () => {
    const r = runner(
      cfg({ late_arrival: { rate: 0.5, days: [1, 1] }, product_name_spelling: { rate: 0.5 } }),
      { days: 2 },
    );
    r.applyDay(0, START, [batches(START, 200)]);
    const day1 = r.applyDay(1, addDays(START, 1), [batches(addDays(START, 1), 0)]);
    const t = day1[0]!;
    const spelled = t.rows
      .flatMap((row) => t.meta.get(row)!.ledger)
      .filter((e) => e.type === 'product_name_spelling');
    expect(spelled.length).toBeGreaterThan(10);
    expect(spelled.every((e) => e.event_date === START)).toBe(true);
  });

  it('gives late rows the shape their new file has after a schema drift', () => {
    const r = runner(
      cfg({ late_arrival: { rate: 0.5, days: [1, 1] }, schema_drift: { rate: 1, from_day: 1 } }),
      { days: 2 },
    );
    r.applyDay(0, START, [batches(START, 100)]);
    const t = r.applyDay(1, addDays(START, 1), [batches(addDays(START, 1), 100)])[0]!;
    expect(t.rows.length).toBeGreaterThan(120);
    expect(t.columns).toContain('defective_units');
    expect(t.rows.every((row) => 'defective_units' in row && !('units_defective' in row))).toBe(true);
  });
});

describe('duplicate_record', () => {
  it('inserts exact copies later in the same file, the entry on the copy', () => {
    const { clean, tables } = oneDay(cfg({ duplicate_record: { rate: 0.03 } }), (d) => [batches(d, N)]);
    const t = tables[0]!;
    const copies = t.rows.filter((r) => t.meta.has(r));
    expect(nearRate(copies.length, N, 0.03)).toBe(true);
    expect(t.rows.length).toBe(N + copies.length);
    const originals = t.rows.filter((r) => !t.meta.has(r));
    expect(originals).toEqual(clean[0]!.rows);
    for (const copy of copies) {
      const e = t.meta.get(copy)!.ledger;
      expect(e).toEqual([
        expect.objectContaining({ type: 'duplicate_record', record_key: copy.batch_id, field: null }),
      ]);
      const first = t.rows.findIndex((r) => r.batch_id === copy.batch_id);
      expect(t.rows[first]).not.toBe(copy);
      expect(t.rows[first]).toEqual(copy);
      expect(t.rows.indexOf(copy)).toBeGreaterThan(first);
    }
  });
});

describe('out_of_order', () => {
  it('moves rows at least 2 places among the rows that stay, recording positions before and after', () => {
    const { clean, tables } = oneDay(cfg({ out_of_order: { rate: 0.05, sources: ['sensor_logs'] } }), (d) => [
      sensorLogs(d, N),
    ]);
    const t = tables[0]!;
    const moved = t.rows.filter((r) => t.meta.has(r));
    expect(nearRate(moved.length, N, 0.05)).toBe(true);
    expect([...t.rows].sort(cmpTs)).toEqual([...clean[0]!.rows].sort(cmpTs));
    const movedKeys = new Set(moved.map(readingKey));
    const cleanStayers = clean[0]!.rows.filter((r) => !movedKeys.has(readingKey(r)));
    expect(t.rows.filter((r) => !t.meta.has(r))).toEqual(cleanStayers);
    // Staying rows before each position, then (clean) and now.
    const stayersBefore = (list: Row[], isMover: (r: Row) => boolean) => {
      const out: number[] = [];
      let n = 0;
      for (const r of list) {
        out.push(n);
        if (!isMover(r)) n++;
      }
      return out;
    };
    const cleanBefore = stayersBefore(clean[0]!.rows, (r) => movedKeys.has(readingKey(r)));
    const nowBefore = stayersBefore(t.rows, (r) => t.meta.has(r));
    for (const row of moved) {
      const e = t.meta.get(row)!.ledger[0]!;
      const from = (e.clean_value as number) - 1;
      const to = (e.dirty_value as number) - 1;
      expect(clean[0]!.rows[from]).toEqual(row);
      expect(t.rows[to]).toBe(row);
      expect(Math.abs(nowBefore[to]! - cleanBefore[from]!)).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('malformed_row', () => {
  it('breaks CSV lines by truncation or a latin-1 byte, never JSON arrays', () => {
    const { tables } = oneDay(
      cfg({ malformed_row: { rate: 0.05, sources: ['qc_checks', 'sensor_logs'] } }),
      (d) => [qcChecks(d, N), sensorLogs(d, 500)],
    );
    const t = byName(tables, 'qc_checks');
    const broken = t.rows.filter((r) => t.meta.get(r)?.raw !== undefined);
    expect(nearRate(broken.length, N, 0.05)).toBe(true);
    let truncatedCount = 0;
    for (const row of broken) {
      const m = t.meta.get(row)!;
      const e = m.ledger[0]!;
      expect(e).toMatchObject({ type: 'malformed_row', field: null });
      if (typeof m.raw === 'string') {
        truncatedCount++;
        expect(String(e.clean_value).startsWith(m.raw)).toBe(true);
        expect(m.raw.length).toBeLessThan(String(e.clean_value).length);
        expect(countCsvFields(m.raw)).toBeLessThan(t.columns.length);
        expect(e.dirty_value).toBe(`truncated at byte ${Buffer.byteLength(m.raw)}`);
      } else {
        const bytes = m.raw as Uint8Array;
        const at = Number(/at byte (\d+)$/.exec(String(e.dirty_value))![1]);
        expect([0xb0, 0xe9]).toContain(bytes[at]);
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
        const fixed = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]).toString('utf8');
        expect(fixed).toBe(e.clean_value);
      }
    }
    expect(truncatedCount).toBeGreaterThan(broken.length * 0.3);
    expect(truncatedCount).toBeLessThan(broken.length * 0.7);
    expect(entriesOf(byName(tables, 'sensor_logs'))).toEqual([]);
  });

  it('breaks JSON lines as unparseable JSON or invalid UTF-8', () => {
    const { tables } = oneDay(cfg({ malformed_row: { rate: 0.05, sources: ['machine-telemetry'] } }), (d) => [
      widgetTelemetry(d, 2000),
    ]);
    const t = tables[0]!;
    const broken = t.rows.filter((r) => t.meta.get(r)?.raw !== undefined);
    expect(broken.length).toBeGreaterThan(50);
    for (const row of broken) {
      const m = t.meta.get(row)!;
      expect(JSON.parse(String(m.ledger[0]!.clean_value))).toEqual(row);
      if (typeof m.raw === 'string') expect(() => JSON.parse(m.raw as string)).toThrow();
      else expect(() => new TextDecoder('utf-8', { fatal: true }).decode(m.raw as Uint8Array)).toThrow();
    }
  });
});

const cmpTs = (a: Row, b: Row) =>
  String(a.timestamp) < String(b.timestamp) ? -1 : String(a.timestamp) > String(b.timestamp) ? 1 : 0;
const readingKey = (r: Row) => `${r.machine_id}@${r.timestamp}`;

/** Fields in one CSV line (quotes respected; an unterminated quote counts as one field). */
function countCsvFields(line: string): number {
  let n = 1;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) n++;
  }
  return n;
}
