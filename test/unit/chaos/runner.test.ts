import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chaosSchema } from '../../../src/config/chaos-schema.ts';
import { CHAOS_TYPES } from '../../../src/contracts/ledger.ts';
import { addDays } from '../../../src/contracts/plant-time.ts';
import type { SourceTable } from '../../../src/sim/output/table.ts';
import { entriesOf, runner, START, seedDay, snapshot } from './fixtures.ts';

const factorio = chaosSchema.parse(parse(readFileSync('scenarios/factorio.yaml', 'utf8')).chaos);
// Every type on from day 1, so a short run exercises all of them.
const everything = chaosSchema.parse({
  ...factorio,
  schema_drift: { rate: 1, from_day: 1 },
  unit_change: { rate: 0.34, from_day: 1 },
  malformed_row: { rate: 0.02, sources: ['qc_checks', 'operator_logs', 'inventory_moves'] },
});

function runDays(config: typeof everything, seed: number, days = 4, rows = 600): SourceTable[][] {
  const r = runner(config, { seed, days });
  const out: SourceTable[][] = [];
  for (let d = 0; d < days; d++) out.push(r.applyDay(d, addDays(START, d), seedDay(addDays(START, d), rows)));
  return out;
}

describe('ChaosRunner', () => {
  it('is deterministic: the same seed gives the same rows, bytes and ledger', () => {
    const a = runDays(everything, 42);
    const b = runDays(everything, 42);
    expect(a.map(snapshot)).toEqual(b.map(snapshot));
    const c = runDays(everything, 43);
    expect(c.map(snapshot)).not.toEqual(a.map(snapshot));
  });

  it('gives each table its own random streams: a table comes out the same alone or beside others', () => {
    // What lets telemetry be dirtied on a worker thread by a runner of its own.
    for (let d = 0; d < 4; d++) {
      const date = addDays(START, d);
      const together = runner(everything, { seed: 42, days: 4 });
      const alone = runner(everything, { seed: 42, days: 4 });
      for (let k = 0; k < d; k++) {
        together.applyDay(k, addDays(START, k), seedDay(addDays(START, k), 300));
        alone.applyDay(
          k,
          addDays(START, k),
          seedDay(addDays(START, k), 300).filter((t) => t.source === 'qc_checks'),
        );
      }
      const all = together.applyDay(d, date, seedDay(date, 300));
      const one = alone.applyDay(
        d,
        date,
        seedDay(date, 300).filter((t) => t.source === 'qc_checks'),
      );
      expect(snapshot(one)).toEqual(snapshot(all.filter((t) => t.source === 'qc_checks')));
    }
  });

  it('exercises every data type of the scenario', () => {
    const types = new Set(
      runDays(everything, 42)
        .flat()
        .flatMap(entriesOf)
        .map((e) => e.type),
    );
    expect([...types].sort()).toEqual(CHAOS_TYPES.filter((t) => t !== 'degradation').sort());
  });

  it('leaves tables untouched when every rate is 0 or the config is empty', () => {
    const zero = chaosSchema.parse(
      Object.fromEntries(Object.entries(everything).map(([k, v]) => [k, { ...v, rate: 0 }])),
    );
    for (const config of [zero, chaosSchema.parse({})]) {
      const days = runDays(config, 42, 3, 200);
      days.forEach((tables, d) => {
        expect(snapshot(tables)).toEqual(snapshot(seedDay(addDays(START, d), 200)));
      });
    }
  });

  it('switching one type off never changes what the others inject', () => {
    const key = (e: { type: string; record_key: string; field: string | null; dirty_value: unknown }) =>
      `${e.type}|${e.record_key}|${e.field}|${e.dirty_value}`;
    // Row-value types only: table-level types move and copy rows, which others then see.
    const base = chaosSchema.parse({
      product_name_spelling: { rate: 0.3 },
      machine_id_spelling: { rate: 0.2 },
      sensor_null: { rate: 0.075 },
      timestamp_drift: { rate: 0.5 },
      timezone_mix: { rate: 0.3 },
    });
    const all = runDays(base, 5, 2).flat().flatMap(entriesOf).map(key);
    const without = runDays({ ...base, sensor_null: { rate: 0 } }, 5, 2)
      .flat()
      .flatMap(entriesOf)
      .map(key);
    expect(without).toEqual(all.filter((k) => !k.startsWith('sensor_null|')));
  });

  it('never records the same type twice for one record field', () => {
    for (const tables of runDays(everything, 42)) {
      for (const t of tables) {
        for (const row of t.rows) {
          const ledger = t.meta.get(row)?.ledger ?? [];
          const ids = ledger.map((e) => `${e.type}|${e.field}`);
          expect(new Set(ids).size).toBe(ids.length);
          // A field changed by one type is not changed again by another (the clean value stays clean).
          const fields = ledger.filter((e) => e.field !== null).map((e) => e.field);
          expect(new Set(fields).size).toBe(fields.length);
        }
      }
    }
  });

  it('collects degradation entries per machine and day for the writer', () => {
    const r = runner(everything);
    r.recordDegradation('2025-12-02', 'SMELTER-02', 1, 0.98);
    r.recordDegradation('2025-12-02', 'SMELTER-02', 1, 0.97); // one entry per machine and day
    r.recordDegradation('2025-12-02', 'SMELTER-01', 0.98, 0.98); // not degraded
    expect(r.takeExtraLedger('2025-12-02')).toEqual([
      {
        type: 'degradation',
        source: 'plant',
        record_key: 'SMELTER-02',
        field: 'efficiency',
        clean_value: 1,
        dirty_value: 0.98,
        event_date: '2025-12-02',
        file: 'plant',
        ordinal: null,
      },
    ]);
    expect(r.takeExtraLedger('2025-12-02')).toEqual([]);
  });
});
