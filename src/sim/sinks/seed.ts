/**
 * The seed file drop (formats.md §1) plus ironworks' extra files: what the `factorio` plant writes.
 * Column names, order and timestamp style are the seed's exactly. Clock-style telemetry, by far the
 * biggest table, is built apart from the others (sim/telemetry) from what telemetryDay gives.
 */

import {
  OPERATOR_LOG_COLUMNS,
  PRODUCTION_BATCH_COLUMNS,
  QC_CHECK_COLUMNS,
  SEED_FILES,
  SENSOR_READING_KEYS,
} from '../../contracts/seed-drop.ts';
import { byMachine, type DayEvents } from '../engine/events.ts';
import type { SourceTable } from '../output/table.ts';
import { Rng } from '../random/rng.ts';
import { type Reading, SensorModel } from '../sensors/readings.ts';
import { type TelemetryDay, TelemetryDays } from '../telemetry/day.ts';
import { TimestampFormatter } from '../time/format.ts';
import { inventoryMovesTable, machineMasterTable, machineStatesTable } from './extras.ts';
import { itemNames, newTable, type Sink, type SinkContext } from './types.ts';

export class SeedSink implements Sink {
  private readonly fmt: TimestampFormatter;
  private readonly names: Map<string, string>;
  private readonly telemetry: TelemetryDays;

  constructor(private readonly ctx: SinkContext) {
    this.fmt = new TimestampFormatter(ctx.scenario.factory.timezone);
    this.names = itemNames(ctx.scenario);
    this.telemetry = new TelemetryDays(ctx.scenario);
  }

  telemetryDay(day: DayEvents): TelemetryDay | null {
    return this.telemetry.next(day);
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
      const readings: Reading[] = [];
      for (const [machineId, runs] of [...byMachine(day.runs).entries()].sort(([a], [b]) =>
        a < b ? -1 : 1,
      )) {
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
}
