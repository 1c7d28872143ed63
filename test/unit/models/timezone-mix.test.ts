/**
 * timezone_mix on tiny fixtures: QC checks and operator logs whose naive timestamps were written in
 * UTC. A check must follow its batch's end within 4 hours; a log must sit in its machine's batch
 * (START/END at the named batch's start/end).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batch, chicagoPlant, type Harness, harness, problems } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await chicagoPlant(h);
  // Chicago in December is UTC−6
  await h.land('production_batches', '2025-12-01', [
    batch('B1', 'PRESS-01', '2025-12-01T06:00:00', '2025-12-01T08:00:00', 60, 1),
    batch('B2', 'PRESS-01', '2025-12-01T12:00:00', '2025-12-01T14:00:00', 47, 0),
    batch('B3', 'PRESS-02', '2025-12-01T09:00:00', '2025-12-01T10:00:00', 20, 0, 'Gear Wheel'),
  ]);
});
afterEach(async () => h.close());

const qc = (id: string, batchId: string, ts: string) => ({
  check_id: id,
  batch_id: batchId,
  check_timestamp: ts,
  inspector_id: 'QC-001',
  pass_fail: 'PASS',
  defect_notes: 'Within spec',
});

describe('int_qc_checks', () => {
  it('reads a check as UTC only when that alone puts it just after its batch', async () => {
    await h.land('qc_checks', '2025-12-01', [
      qc('Q1', 'B1', '2025-12-01T08:20:00'), // plant time: 20 min after the end
      qc('Q2', 'B1', '2025-12-01T14:25:00'), // UTC: 08:25 plant time
      qc('Q3', 'B1', '2025-12-01T23:00:00'), // neither reading fits
      qc('Q4', 'NOPE', '2025-12-01T08:20:00'), // unknown batch
    ]);
    const s = await h.build(['+fct_quality_check']);
    expect(problems(s).filter((p) => !p.includes('relationships'))).toEqual([]);
    const r = await h.query<Record<string, unknown>>(
      `SELECT check_id, strftime(timezone('America/Chicago', check_at), '%H:%M') AS local, is_tz_corrected AS c,
              is_time_unresolved AS u, is_batch_unknown AS nb
       FROM silver.int_qc_checks ORDER BY check_id`,
    );
    expect(r).toEqual([
      { check_id: 'Q1', local: '08:20', c: false, u: false, nb: false },
      { check_id: 'Q2', local: '08:25', c: true, u: false, nb: false },
      { check_id: 'Q3', local: '23:00', c: false, u: true, nb: false },
      { check_id: 'Q4', local: '08:20', c: false, u: true, nb: true },
    ]);
  });

  it('takes the UTC reading across midnight and gives the check its plant-local day', async () => {
    await h.land('production_batches', '2025-12-02', [
      batch('B9', 'PRESS-01', '2025-12-01T20:00:00', '2025-12-01T21:40:00'),
    ]);
    await h.land('qc_checks', '2025-12-02', [qc('Q9', 'B9', '2025-12-02T04:10:00')]); // 22:10 plant time on 12-01
    await h.build(['+int_qc_checks']);
    const [r] = await h.query<Record<string, unknown>>(
      `SELECT event_date::VARCHAR AS d, is_tz_corrected AS c, seconds_after_batch_end AS s, is_late FROM silver.int_qc_checks`,
    );
    expect(r).toEqual({ d: '2025-12-01', c: true, s: 1800, is_late: true });
  });
});

const log = (id: string, machine: string, ts: string, action: string, notes: string) => ({
  log_id: id,
  machine_id: machine,
  operator_id: 'OP-101',
  log_timestamp: ts,
  action,
  notes,
});

describe('int_operator_logs', () => {
  it('matches START/END to the named batch at its start/end, reading UTC when only that matches', async () => {
    await h.land('operator_logs', '2025-12-01', [
      log('L1', 'PRESS-01', '2025-12-01T06:00:00', 'START_BATCH', 'Starting batch B1'),
      log('L2', 'Press #1', '2025-12-01T14:00:00', 'END_BATCH', 'Batch B1 complete, 60 units'), // UTC of 08:00
      log('L3', 'PRESS-01', '2025-12-01T18:00:00', 'START_BATCH', 'Starting batch B2'), // UTC of 12:00
    ]);
    // drift: notes → operator_notes from this day on
    await h.land('operator_logs', '2025-12-02', [
      {
        log_id: 'L4',
        machine_id: 'PRESS-01',
        operator_id: 'OP-101',
        log_timestamp: '2025-12-01T14:00:00',
        action: 'END_BATCH',
        operator_notes: 'Batch B2 complete, 47 units',
      },
    ]);
    await h.build(['+int_operator_logs']);
    const r = await h.query<Record<string, unknown>>(
      `SELECT log_id, batch_id, machine_id, strftime(timezone('America/Chicago', log_at), '%H:%M') AS local, is_tz_corrected AS c
       FROM silver.int_operator_logs ORDER BY log_id`,
    );
    expect(r).toEqual([
      { log_id: 'L1', batch_id: 'B1', machine_id: 'PRESS-01', local: '06:00', c: false },
      { log_id: 'L2', batch_id: 'B1', machine_id: 'PRESS-01', local: '08:00', c: true },
      { log_id: 'L3', batch_id: 'B2', machine_id: 'PRESS-01', local: '12:00', c: true },
      { log_id: 'L4', batch_id: 'B2', machine_id: 'PRESS-01', local: '14:00', c: false },
    ]);
  });

  it('places MONITOR/ADJUST in the batch running then; both readings fitting is flagged, or decided by evidence', async () => {
    await h.land('operator_logs', '2025-12-01', [
      // 07:00 plant time is in B1; read as UTC it is 01:00 plant time: no batch → local
      log('M1', 'PRESS-01', '2025-12-01T07:00:00', 'ADJUST_PARAMS', 'Adjusted feed rate'),
      // 13:00 read as UTC is 07:00 plant time (B1); read as plant time it is in B2: ambiguous
      log('M2', 'PRESS-01', '2025-12-01T13:00:00', 'ADJUST_PARAMS', 'Adjusted feed rate'),
      // same, but the note's ~60 units only matches B1 (60 units; B2 made 47 → ~50): UTC
      log('M3', 'PRESS-01', '2025-12-01T13:30:00', 'MONITOR', 'Output looks good, produced ~60 units'),
      // 15:30 as plant time is after every batch; as UTC 09:30 it is in B3 (PRESS-02)
      log('M4', 'PRESS-02', '2025-12-01T15:30:00', 'MONITOR', 'Temperature stable, no issues'),
    ]);
    await h.build(['+int_operator_logs']);
    const r = await h.query<Record<string, unknown>>(
      `SELECT log_id, batch_id, is_tz_corrected AS c, is_tz_ambiguous AS a, ambiguity_resolved_by AS by, is_tz_unresolved AS u
       FROM silver.int_operator_logs ORDER BY log_id`,
    );
    expect(r).toEqual([
      { log_id: 'M1', batch_id: 'B1', c: false, a: false, by: null, u: false },
      { log_id: 'M2', batch_id: null, c: false, a: true, by: null, u: true },
      { log_id: 'M3', batch_id: 'B1', c: true, a: true, by: 'units', u: false },
      { log_id: 'M4', batch_id: 'B3', c: true, a: false, by: null, u: false },
    ]);
  });

  it('decides an ambiguous entry by the operator who covers the machine in each shift', async () => {
    await h.land(
      'production_batches',
      '2025-12-01',
      [
        batch('B4', 'PRESS-01', '2025-12-01T14:30:00', '2025-12-01T16:30:00'), // shift B
        batch('B5', 'PRESS-01', '2025-12-01T08:30:00', '2025-12-01T10:30:00'), // shift A
      ],
      'more_batches.csv',
    );
    await h.land('operator_logs', '2025-12-01', [
      // unambiguous entries: OP-101 works PRESS-01 in shift A, OP-102 in shift B
      log('S1', 'PRESS-01', '2025-12-01T06:00:00', 'START_BATCH', 'Starting batch B1'),
      {
        ...log('S2', 'PRESS-01', '2025-12-01T16:30:00', 'END_BATCH', 'Batch B4 complete, 60 units'),
        operator_id: 'OP-102',
      },
      // "15:00": plant time → B4 (shift B); UTC → 09:00 plant time → B5 (shift A)
      {
        ...log('X1', 'PRESS-01', '2025-12-01T15:00:00', 'ADJUST_PARAMS', 'Adjusted feed rate'),
        operator_id: 'OP-102',
      },
      log(
        'X2',
        'PRESS-01',
        '2025-12-01T15:00:00',
        'ADJUST_PARAMS',
        'Tuned temperature setpoint by 5 degrees',
      ),
      // an operator seen in neither shift decides nothing
      {
        ...log('X3', 'PRESS-01', '2025-12-01T15:00:00', 'ADJUST_PARAMS', 'Adjusted feed rate'),
        operator_id: 'OP-104',
      },
    ]);
    await h.build(['+int_operator_logs']);
    const r = await h.query<Record<string, unknown>>(
      `SELECT log_id, batch_id, is_tz_corrected AS c, ambiguity_resolved_by AS by, is_tz_unresolved AS u
       FROM silver.int_operator_logs WHERE log_id LIKE 'X%' ORDER BY log_id`,
    );
    expect(r).toEqual([
      { log_id: 'X1', batch_id: 'B4', c: false, by: 'operator', u: false },
      { log_id: 'X2', batch_id: 'B5', c: true, by: 'operator', u: false },
      { log_id: 'X3', batch_id: null, c: false, by: null, u: true },
    ]);
  });
});
