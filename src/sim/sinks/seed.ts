/**
 * The seed file drop (formats.md §1) plus ironworks' extra files: what the `factorio` plant writes.
 * Column names, order and timestamp style are the seed's exactly.
 */

import { EXTRA_FILES } from '../../contracts/extras.ts';
import {
  OPERATOR_LOG_COLUMNS,
  PRODUCTION_BATCH_COLUMNS,
  QC_CHECK_COLUMNS,
  SEED_FILES,
  SENSOR_READING_KEYS,
} from '../../contracts/seed-drop.ts';
import type { DayEvents, RunEvent, StateInterval } from '../engine/events.ts';
import type { SourceTable } from '../output/table.ts';
import { Rng } from '../random/rng.ts';
import { type Reading, SensorModel } from '../sensors/readings.ts';
import { TimestampFormatter } from '../time/format.ts';
import { inventoryMovesTable, machineMasterTable, machineStatesTable } from './extras.ts';
import { NumberPool } from './number-pool.ts';
import { itemNames, newTable, type Sink, type SinkContext } from './types.ts';

export class SeedSink implements Sink {
  private readonly fmt: TimestampFormatter;
  private readonly names: Map<string, string>;
  /** Runs still going at the end of the previous day: their tails draw energy today. */
  private carry: RunEvent[] = [];
  /** Telemetry's measures, one pool per column (see NumberPool: it halves a day's rows in memory). */
  private readonly pools = {
    temperature: new NumberPool(),
    pressure: new NumberPool(),
    vibration: new NumberPool(),
    power: new NumberPool(),
    energy: new NumberPool(),
    efficiency: new NumberPool(),
  };

  constructor(private readonly ctx: SinkContext) {
    this.fmt = new TimestampFormatter(ctx.scenario.factory.timezone);
    this.names = itemNames(ctx.scenario);
  }

  tables(day: DayEvents): SourceTable[] {
    const fmt = this.fmt;
    const tables: SourceTable[] = [
      newTable({
        source: 'production_batches',
        file: SEED_FILES.production_batches,
        format: 'csv',
        columns: [...PRODUCTION_BATCH_COLUMNS],
        rows: day.runs.map((r) => ({
          batch_id: r.runId,
          machine_id: r.machineId,
          product_name: this.names.get(r.item) ?? r.item,
          start_time: fmt.naive(r.start),
          end_time: fmt.naive(r.end),
          units_produced: r.units,
          units_defective: r.defective,
        })),
        date: day.date,
        roles: {
          machine: 'machine_id',
          product: 'product_name',
          naiveTimestamps: ['start_time', 'end_time'],
          eventTime: 'start_time',
        },
        keyOf: (r) => String(r.batch_id),
      }),
      this.sensorLogs(day),
      newTable({
        source: 'qc_checks',
        file: SEED_FILES.qc_checks,
        format: 'csv',
        columns: [...QC_CHECK_COLUMNS],
        rows: day.qc.map((q) => ({
          check_id: q.checkId,
          batch_id: q.runId,
          check_timestamp: fmt.naive(q.at),
          inspector_id: q.inspectorId,
          pass_fail: q.pass ? 'PASS' : 'FAIL',
          defect_notes: q.notes,
        })),
        date: day.date,
        roles: { naiveTimestamps: ['check_timestamp'], eventTime: 'check_timestamp' },
        keyOf: (r) => `${r.check_id}|${r.batch_id}`,
      }),
      newTable({
        source: 'operator_logs',
        file: SEED_FILES.operator_logs,
        format: 'csv',
        columns: [...OPERATOR_LOG_COLUMNS],
        rows: day.operatorLogs.map((l) => ({
          log_id: l.logId,
          machine_id: l.machineId,
          operator_id: l.operatorId,
          log_timestamp: fmt.naive(l.at),
          action: l.action,
          notes: l.notes,
        })),
        date: day.date,
        roles: { machine: 'machine_id', naiveTimestamps: ['log_timestamp'], eventTime: 'log_timestamp' },
        keyOf: (r) => `${r.log_id}|${r.machine_id}`,
      }),
      machineStatesTable(day, fmt),
      machineMasterTable(day),
      inventoryMovesTable(day, fmt, this.ctx.scenario.factory.id),
    ];
    const telemetry = this.telemetry(day);
    if (telemetry) tables.push(telemetry);
    return tables;
  }

  private model(machineId: string, date: string, kind: string): SensorModel {
    const spec = this.ctx.scenario.machines.find((m) => m.id === machineId);
    if (!spec) throw new Error(`unknown machine ${machineId}`);
    return new SensorModel(spec, Rng.stream(this.ctx.seed, `sensors:${kind}:${machineId}:${date}`));
  }

  private wear(day: DayEvents, machineId: string): number {
    const spec = this.ctx.scenario.machines.find((m) => m.id === machineId);
    return Math.max(0, (spec?.base_efficiency ?? 1) - (day.efficiency[machineId] ?? 1));
  }

  /** Seed style: 3–5 readings per batch, written as a pretty JSON array (the seed's sensor_logs.json). */
  private sensorLogs(day: DayEvents): SourceTable {
    const perBatch = this.ctx.scenario.sensors.per_batch;
    const rows: Record<string, unknown>[] = [];
    if (perBatch) {
      const byMachine = new Map<string, RunEvent[]>();
      for (const r of day.runs) byMachine.set(r.machineId, [...(byMachine.get(r.machineId) ?? []), r]);
      const readings: Reading[] = [];
      for (const [machineId, runs] of [...byMachine.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const model = this.model(machineId, day.date, 'batch');
        const rng = Rng.stream(this.ctx.seed, `sensors:count:${machineId}:${day.date}`);
        for (const run of runs)
          readings.push(...model.perRun(run, rng.int(perBatch[0], perBatch[1]), this.wear(day, machineId)));
      }
      readings.sort((a, b) => a.at - b.at || (a.machineId < b.machineId ? -1 : 1));
      for (const r of readings) {
        rows.push({
          machine_id: r.machineId,
          timestamp: this.fmt.naive(r.at),
          temperature: r.temperatureC,
          pressure: r.pressureBar,
          energy_kwh: r.energyKwh,
          efficiency_percent: r.efficiencyPct,
        });
      }
    }
    return newTable({
      source: 'sensor_logs',
      file: SEED_FILES.sensor_logs,
      format: 'json-array',
      columns: [...SENSOR_READING_KEYS],
      rows,
      date: day.date,
      roles: {
        machine: 'machine_id',
        measures: ['temperature', 'pressure', 'energy_kwh', 'efficiency_percent'],
        temperatureC: 'temperature',
        naiveTimestamps: ['timestamp'],
        eventTime: 'timestamp',
      },
      keyOf: (r) => `${r.machine_id}@${r.timestamp}`,
    });
  }

  /** Clock style (plants that set sensors.every_seconds): JSON lines, every machine all day. */
  private telemetry(day: DayEvents): SourceTable | null {
    const every = this.ctx.scenario.sensors.every_seconds;
    if (!every) return null;
    const statesBy = new Map<string, StateInterval[]>();
    for (const s of day.states) {
      let list = statesBy.get(s.machineId);
      if (!list) statesBy.set(s.machineId, (list = []));
      list.push(s);
    }
    const runsBy = new Map<string, RunEvent[]>();
    const overlapping = [...this.carry.filter((r) => r.end > day.start), ...day.runs];
    this.carry = day.runs.filter((r) => r.end > day.end);
    for (const r of overlapping) {
      let list = runsBy.get(r.machineId);
      if (!list) runsBy.set(r.machineId, (list = []));
      list.push(r);
    }
    const rows: Record<string, unknown>[] = [];
    const fmt = this.fmt;
    const pools = this.pools;
    const stepMs = every * 1000;
    // Every machine reads at the same instants, so each timestamp's text is made once a day and
    // shared by all machines' rows: less time, and a day's rows hold one string per instant.
    const stamps: string[] = [];
    const stamp = (at: number) => (stamps[(at - day.start) / stepMs] ??= fmt.withOffset(at));
    for (const spec of this.ctx.scenario.machines) {
      const model = this.model(spec.id, day.date, 'clock');
      model.everyStep(
        spec.id,
        day.start,
        day.end,
        stepMs,
        statesBy.get(spec.id) ?? [],
        runsBy.get(spec.id) ?? [],
        day.efficiency[spec.id] ?? spec.base_efficiency,
        this.wear(day, spec.id),
        (r) => {
          rows.push({
            machine_id: r.machineId,
            timestamp: stamp(r.at),
            state: r.state,
            temperature_c: pools.temperature.share(r.temperatureC),
            pressure_bar: pools.pressure.share(r.pressureBar),
            vibration_mm_s: pools.vibration.share(r.vibration),
            power_kw: pools.power.share(r.powerKw),
            energy_kwh: pools.energy.share(r.energyKwh),
            efficiency_percent: pools.efficiency.share(r.efficiencyPct),
          });
        },
      );
    }
    return newTable({
      source: 'telemetry',
      file: EXTRA_FILES.telemetry,
      format: 'jsonl',
      columns: [
        'machine_id',
        'timestamp',
        'state',
        'temperature_c',
        'pressure_bar',
        'vibration_mm_s',
        'power_kw',
        'energy_kwh',
        'efficiency_percent',
      ],
      rows,
      date: day.date,
      roles: {
        machine: 'machine_id',
        measures: ['temperature_c', 'pressure_bar', 'vibration_mm_s', 'power_kw', 'energy_kwh'],
        temperatureC: 'temperature_c',
        eventTime: 'timestamp',
      },
      keyOf: (r) => `${r.machine_id}@${r.timestamp}`,
    });
  }
}
