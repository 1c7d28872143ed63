/**
 * Cleaning rules of production batches on tiny fixtures: spellings, duplicates, late rows, schema
 * drift, plant-local → UTC on DST days in America/Chicago, energy as of the day (SCD2) with exact
 * half-up rounding, ideal time from routings.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batch, chicagoPlant, type Harness, harness, problems, SOURCE } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await chicagoPlant(h);
});
afterEach(async () => h.close());

const SELECT = ['+int_production_batches'];

describe('int_production_batches', () => {
  it('resolves machine and product spellings to canonical names, flags what it cannot', async () => {
    await h.land('production_batches', '2025-12-01', [
      batch('B1', 'press1', '2025-12-01T06:00:00', '2025-12-01T07:00:00', 60, 1, 'IRON PLATES'),
      batch('B2', 'Press #1', '2025-12-01T07:00:00', '2025-12-01T08:00:00', 60, 1, 'iron_plate'),
      batch('B3', 'The Big Press', '2025-12-01T08:00:00', '2025-12-01T09:00:00', 60, 1, 'IronPlate'),
      batch('B4', 'PRESS_09', '2025-12-01T09:00:00', '2025-12-01T10:00:00', 60, 1, 'Copper Wire'),
    ]);
    const s = await h.build(SELECT);
    expect(problems(s)).toEqual([]);
    const r = await h.query<{
      batch_id: string;
      machine_id: string | null;
      product_name: string | null;
      is_unresolved: boolean;
    }>(
      'SELECT batch_id, machine_id, product_name, is_unresolved FROM silver.int_production_batches ORDER BY batch_id',
    );
    expect(r).toEqual([
      { batch_id: 'B1', machine_id: 'PRESS-01', product_name: 'Iron Plate', is_unresolved: false },
      { batch_id: 'B2', machine_id: 'PRESS-01', product_name: 'Iron Plate', is_unresolved: false },
      { batch_id: 'B3', machine_id: 'PRESS-01', product_name: 'Iron Plate', is_unresolved: false },
      { batch_id: 'B4', machine_id: null, product_name: null, is_unresolved: true },
    ]);
  });

  it('flags a key that leads to two canonical machines instead of picking one', async () => {
    // "Press #1" is PRESS-01's name; an alias also sends "PRESS 1" to PRESS-02: key PRESS1 is ambiguous.
    await h.land(
      'ref_aliases',
      null,
      [{ kind: 'machine', alias: 'PRESS 1', canonical: 'PRESS-02' }],
      'aliases2',
    );
    await h.land('production_batches', '2025-12-01', [
      batch('B1', 'press-1', '2025-12-01T06:00:00', '2025-12-01T07:00:00'),
    ]);
    await h.build(SELECT);
    const [k] = await h.query<{ machine_id: string | null; candidates: string[] }>(
      `SELECT machine_id, candidates FROM silver.int_machine_keys WHERE machine_key = 'PRESS1'`,
    );
    expect(k).toEqual({ machine_id: null, candidates: ['PRESS-01', 'PRESS-02'] });
    const [b] = await h.query<{ machine_id: string | null; is_machine_unresolved: boolean }>(
      'SELECT machine_id, is_machine_unresolved FROM silver.int_production_batches',
    );
    expect(b).toEqual({ machine_id: null, is_machine_unresolved: true });
  });

  it('keeps one row per batch: the earliest copy by (drop day, record number), counting copies', async () => {
    const row = batch('B1', 'PRESS-01', '2025-12-01T06:00:00', '2025-12-01T07:00:00');
    await h.land('production_batches', '2025-12-02', [
      row,
      batch('B2', 'PRESS-01', '2025-12-02T06:00:00', '2025-12-02T07:00:00'),
      row,
    ]);
    await h.land('production_batches', '2025-12-01', [
      batch('B0', 'PRESS-01', '2025-12-01T05:00:00', '2025-12-01T05:30:00'),
      row,
    ]);
    await h.build(SELECT);
    const r = await h.query<Record<string, unknown>>(
      `SELECT batch_id, dup_count, is_duplicated, has_conflicting_copies, _logical_date::VARCHAR AS d, _ordinal
       FROM silver.int_production_batches ORDER BY batch_id`,
    );
    expect(r.map((x) => x.batch_id)).toEqual(['B0', 'B1', 'B2']);
    expect(r[1]).toMatchObject({
      dup_count: '3',
      is_duplicated: true,
      has_conflicting_copies: false,
      d: '2025-12-01',
      _ordinal: '2',
    });
  });

  it('flags copies of a batch that differ instead of merging them', async () => {
    await h.land('production_batches', '2025-12-01', [
      batch('B1', 'PRESS-01', '2025-12-01T06:00:00', '2025-12-01T07:00:00', 60),
      batch('B1', 'PRESS-01', '2025-12-01T06:00:00', '2025-12-01T07:00:00', 61),
    ]);
    await h.build(SELECT);
    const [b] = await h.query<Record<string, unknown>>(
      'SELECT units_produced, dup_count, has_conflicting_copies FROM silver.int_production_batches',
    );
    expect(b).toEqual({ units_produced: 60, dup_count: '2', has_conflicting_copies: true });
  });

  it('gives a late row its own day, not the drop day, and flags it late', async () => {
    await h.land('production_batches', '2025-12-03', [
      batch('B1', 'PRESS-01', '2025-12-01T20:00:00', '2025-12-01T21:00:00'),
      batch('B2', 'PRESS-01', '2025-12-03T06:00:00', '2025-12-03T07:00:00'),
    ]);
    await h.build(['+fct_production_batch']);
    const r = await h.query<{ batch_id: string; event_date: string; is_late: boolean }>(
      'SELECT batch_id, event_date::VARCHAR AS event_date, is_late FROM gold.fct_production_batch ORDER BY 1',
    );
    expect(r).toEqual([
      { batch_id: 'B1', event_date: '2025-12-01', is_late: true },
      { batch_id: 'B2', event_date: '2025-12-03', is_late: false },
    ]);
  });

  it('maps the schema drift units_defective → defective_units', async () => {
    await h.land('production_batches', '2025-12-01', [
      batch('B1', 'PRESS-01', '2025-12-01T06:00:00', '2025-12-01T07:00:00', 60, 2),
    ]);
    await h.land('production_batches', '2025-12-02', [
      {
        batch_id: 'B2',
        machine_id: 'PRESS-01',
        product_name: 'Iron Plate',
        start_time: '2025-12-02T06:00:00',
        end_time: '2025-12-02T07:00:00',
        units_produced: 50,
        defective_units: 3,
      },
    ]);
    await h.build(SELECT);
    const r = await h.query<{ units_defective: number }>(
      'SELECT units_defective FROM silver.int_production_batches ORDER BY batch_id',
    );
    expect(r.map((x) => x.units_defective)).toEqual([2, 3]);
  });

  it('reads naive plant-local times in the factory zone across both DST changes (America/Chicago)', async () => {
    await h.land('production_batches', '2025-11-01', [
      // 23:00 CDT → 03:00 CST spans the repeated hour: 5 hours, not 4
      batch('FALL', 'PRESS-01', '2025-11-01T23:00:00', '2025-11-02T03:00:00'),
    ]);
    await h.land('production_batches', '2025-11-02', [
      batch('AMBIG', 'PRESS-01', '2025-11-02T01:30:00', '2025-11-02T01:45:00'),
      batch('LATE-EVE', 'PRESS-01', '2025-11-02T23:30:00', '2025-11-02T23:50:00'),
    ]);
    await h.land('production_batches', '2026-03-08', [
      // 01:30 CST → 03:30 CDT skips the missing hour: 1 hour, not 2
      batch('SPRING', 'PRESS-01', '2026-03-08T01:30:00', '2026-03-08T03:30:00'),
      batch('GAP', 'PRESS-01', '2026-03-08T02:30:00', '2026-03-08T04:00:00'),
    ]);
    await h.build(SELECT);
    const r = await h.query<Record<string, unknown>>(
      `SELECT batch_id, strftime(start_at, '%Y-%m-%dT%H:%M:%SZ') AS s, epoch(end_at - start_at) AS secs,
              event_date::VARCHAR AS d, local_time_issue AS issue
       FROM silver.int_production_batches ORDER BY start_at`,
    );
    expect(r).toEqual([
      { batch_id: 'FALL', s: '2025-11-02T04:00:00Z', secs: 18000, d: '2025-11-01', issue: null },
      // the repeated 01:30 is taken at its standard-time instant and flagged
      { batch_id: 'AMBIG', s: '2025-11-02T07:30:00Z', secs: 900, d: '2025-11-02', issue: 'ambiguous' },
      // 23:30 CST is already the next day in UTC: the plant-local day stays 11-02
      { batch_id: 'LATE-EVE', s: '2025-11-03T05:30:00Z', secs: 1200, d: '2025-11-02', issue: null },
      { batch_id: 'SPRING', s: '2026-03-08T07:30:00Z', secs: 3600, d: '2026-03-08', issue: null },
      { batch_id: 'GAP', s: '2026-03-08T08:30:00Z', secs: 1800, d: '2026-03-08', issue: 'nonexistent' },
    ]);
  });

  it('takes kWh/unit as of the day from master-data history and rounds energy half-up exactly', async () => {
    const master = (day: string, kwh: string, rate = '60') => ({
      snapshot_date: day,
      machine_id: 'PRESS-01',
      machine_name: 'Press #1',
      machine_type: 'Press',
      factory_id: SOURCE,
      output_product: 'Iron Plate',
      ideal_rate_units_per_hour: rate,
      energy_kwh_per_unit: kwh,
      installed_on: '2024-01-01',
      line_id: 'L1',
      last_overhaul_on: null,
    });
    await h.land('machine_master', '2025-12-01', [master('2025-12-01', '0.12')]);
    await h.land('machine_master', '2025-12-02', [master('2025-12-02', '0.115', '75')]);
    await h.land('production_batches', '2025-12-01', [
      batch('B1', 'PRESS-01', '2025-12-01T06:00:00', '2025-12-01T07:00:00', 73, 0),
    ]);
    // 73 × 0.115 = 8.395 exactly: half-up gives 8.40 (binary floating point would give 8.39)
    await h.land('production_batches', '2025-12-02', [
      batch('B2', 'PRESS-01', '2025-12-02T06:00:00', '2025-12-02T07:00:00', 73, 0),
    ]);
    const s = await h.build(['+fct_production_batch']);
    expect(problems(s)).toEqual([]);
    const r = await h.query<Record<string, unknown>>(
      'SELECT batch_id, energy_kwh::VARCHAR AS e, ideal_time_s FROM gold.fct_production_batch ORDER BY 1',
    );
    expect(r).toEqual([
      { batch_id: 'B1', e: '8.76', ideal_time_s: (73 * 3600) / 60 },
      { batch_id: 'B2', e: '8.40', ideal_time_s: (73 * 3600) / 75 },
    ]);
    const v = await h.query<Record<string, unknown>>(
      `SELECT valid_from::VARCHAR AS f, valid_to::VARCHAR AS t, is_current FROM gold.dim_machine WHERE machine_id = 'PRESS-01' ORDER BY valid_from`,
    );
    expect(v).toEqual([
      { f: '2025-12-01', t: '2025-12-02', is_current: false },
      { f: '2025-12-02', t: null, is_current: true },
    ]);
  });

  it('uses the routing ideal rate of (machine, product) when the machine has one', async () => {
    await h.land(
      'ref_routings',
      null,
      [
        {
          machine_id: 'PRESS-02',
          product: 'Gear Wheel',
          ideal_cycle_seconds: '90',
          ideal_rate_units_per_hour: '40',
        },
      ],
      'routings',
    );
    await h.land('production_batches', '2025-12-01', [
      batch('B1', 'PRESS-02', '2025-12-01T06:00:00', '2025-12-01T07:00:00', 20, 0, 'gear wheels'),
      batch('B2', 'PRESS-01', '2025-12-01T06:00:00', '2025-12-01T07:00:00', 20, 0),
    ]);
    await h.build(SELECT);
    const r = await h.query<Record<string, unknown>>(
      'SELECT batch_id, ideal_time_s, has_routing FROM silver.int_production_batches ORDER BY 1',
    );
    expect(r).toEqual([
      { batch_id: 'B1', ideal_time_s: 1800, has_routing: true },
      { batch_id: 'B2', ideal_time_s: 1200, has_routing: false },
    ]);
  });
});
