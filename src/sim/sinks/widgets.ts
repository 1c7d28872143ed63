/**
 * The widget factory's seven topics (formats.md §2, seed 002): one JSON-lines table per topic per
 * day, each record shaped exactly as `src/contracts/widgets.ts` says, timestamps naive plant-local
 * with microseconds. The same objects are what a live broker would carry.
 */
import type { MachineSpec } from '../../config/plant-schema.ts';
import type { MachineState } from '../../contracts/extras.ts';
import {
  type ComponentProduced,
  type FactoryAlert,
  type InventoryUpdate,
  type MachineTelemetry,
  type ProductionOrder,
  type QualityCheck,
  WIDGET_TOPIC_SCHEMAS,
  type WidgetAssembled,
  type WidgetTopic,
  widgetTopicFile,
} from '../../contracts/widgets.ts';
import { byMachine, type DayEvents, type RunEvent } from '../engine/events.ts';
import type { FieldRoles, Row, SourceTable } from '../output/table.ts';
import { Rng } from '../random/rng.ts';
import { SensorModel } from '../sensors/readings.ts';
import { TimestampFormatter } from '../time/format.ts';
import { machineMasterTable, machineStatesTable } from './extras.ts';
import { itemNames, newTable, type Sink, type SinkContext } from './types.ts';
import { ComponentQuality } from './widget-quality.ts';

/** Seed 002's five telemetry statuses, from ironworks' nine machine states. */
export const TELEMETRY_STATUS: Record<MachineState, MachineTelemetry['status']> = {
  producing: 'running',
  setup: 'running',
  minor_stop: 'running',
  idle: 'idle',
  starved: 'idle',
  blocked: 'idle',
  failed: 'error',
  planned_maintenance: 'maintenance',
  off_shift: 'shutdown',
};

/** Top-level keys in schema order: the key order every record of the topic is written in. */
const columnsOf = (topic: WidgetTopic) => Object.keys(WIDGET_TOPIC_SCHEMAS[topic].shape);

/** Orders rows by a timestamp field (text of one style sorts as time), ties by key. */
function byTime<T extends Row>(rows: T[], field: keyof T, key: (r: T) => string): T[] {
  return rows.sort((a, b) => {
    const x = a[field] as string;
    const y = b[field] as string;
    return x < y ? -1 : x > y ? 1 : key(a) < key(b) ? -1 : 1;
  });
}

/**
 * Writes a widget plant's days as the seed's topics. Power in telemetry is the production energy
 * of each step (no idle draw), so telemetry energy and the units made agree, as in the file drop.
 */
export class WidgetsSink implements Sink {
  private readonly fmt: TimestampFormatter;
  private readonly names: Map<string, string>;
  private readonly kinds: Map<string, string>;
  private readonly specs: Map<string, MachineSpec>;

  constructor(private readonly ctx: SinkContext) {
    this.fmt = new TimestampFormatter(ctx.scenario.factory.timezone);
    this.names = itemNames(ctx.scenario);
    this.kinds = new Map(ctx.scenario.items.map((i) => [i.id, i.kind]));
    this.specs = new Map(ctx.scenario.machines.map((m) => [m.id, m]));
  }

  tables(day: DayEvents): SourceTable[] {
    return [
      this.componentProduction(day),
      this.widgetAssembly(day),
      this.qualityControl(day),
      this.telemetry(day),
      this.inventory(day),
      this.orders(day),
      this.alerts(day),
      // What the topics lack, as ironworks' own files beside them (as for the seed drop): exact
      // state intervals for ISO 22400 time elements, and master data with its history.
      machineStatesTable(day, this.fmt),
      machineMasterTable(day),
    ];
  }

  private table(
    topic: WidgetTopic,
    day: DayEvents,
    rows: Row[],
    roles: FieldRoles,
    keyOf: (r: Row) => string,
  ) {
    return newTable({
      source: topic,
      file: widgetTopicFile(topic),
      format: 'jsonl',
      columns: columnsOf(topic),
      rows,
      date: day.date,
      roles,
      keyOf,
    });
  }

  private spec(machineId: string): MachineSpec {
    const spec = this.specs.get(machineId);
    if (!spec) throw new Error(`unknown machine ${machineId}`);
    return spec;
  }

  private location(spec: MachineSpec): MachineTelemetry['location'] {
    return spec.location ?? { building: 'A', floor: 1, line: spec.line };
  }

  private wear(day: DayEvents, spec: MachineSpec): number {
    return Math.max(0, spec.base_efficiency - (day.efficiency[spec.id] ?? spec.base_efficiency));
  }

  private name(item: string): string {
    return this.names.get(item) ?? item;
  }

  /** One event per component made, scrapped ones too (their defect_count says so). */
  private componentProduction(day: DayEvents): SourceTable {
    const fmt = this.fmt;
    const rows: ComponentProduced[] = [];
    const runs = day.runs.filter((r) => this.kinds.get(r.item) === 'component');
    for (const [machineId, list] of byMachine(runs)) {
      const spec = this.spec(machineId);
      const rng = Rng.stream(this.ctx.seed, `widgets:quality:${machineId}:${day.date}`);
      const quality = new ComponentQuality(
        spec,
        rng,
        day.efficiency[machineId] ?? spec.base_efficiency,
        this.wear(day, spec),
      );
      const line = this.location(spec).line;
      for (const run of list) {
        const producedAt = fmt.naiveMicros(run.end);
        // The plant-local hour of production: 2025-12-01T06:… → 20251201_06.
        const batchId = `BATCH_${machineId}_${producedAt.slice(0, 10).replaceAll('-', '')}_${producedAt.slice(11, 13)}`;
        run.unitIds.forEach((unitId, i) => {
          rows.push({
            component_id: unitId,
            component_type: this.name(run.item) as ComponentProduced['component_type'],
            machine_id: machineId,
            batch_id: batchId,
            produced_at: producedAt,
            quality_metrics: quality.metrics(run.item, run.unitDefects[i] ?? 0),
            production_line: line,
          });
        });
      }
    }
    return this.table(
      'component-production',
      day,
      byTime(rows, 'produced_at', (r) => r.component_id),
      {
        machine: 'machine_id',
        product: 'component_type',
        measures: ['quality_metrics.weight_grams', 'quality_metrics.temperature_celsius'],
        temperatureC: 'quality_metrics.temperature_celsius',
        naiveTimestamps: ['produced_at'],
        eventTime: 'produced_at',
      },
      (r) => String(r.component_id),
    );
  }

  /** One event per widget built (failed QC or not); its components are the ones its run consumed. */
  private widgetAssembly(day: DayEvents): SourceTable {
    const fmt = this.fmt;
    const rows: WidgetAssembled[] = [];
    for (const run of day.runs) {
      if (this.kinds.get(run.item) !== 'finished') continue;
      const started = fmt.naiveMicros(run.start);
      const completed = fmt.naiveMicros(run.end);
      run.unitIds.forEach((widgetId, i) => {
        rows.push({
          widget_id: widgetId,
          widget_type: this.name(run.item) as WidgetAssembled['widget_type'],
          assembly_station_id: run.machineId,
          component_ids: this.componentsOfUnit(run, i),
          assembly_started_at: started,
          assembly_completed_at: completed,
          assembly_duration_seconds: Math.round((run.end - run.start) / run.unitIds.length) / 1000,
          worker_id: run.workerId ?? 'UNKNOWN',
          batch_id: run.orderId ?? run.runId,
        });
      });
    }
    return this.table(
      'widget-assembly',
      day,
      byTime(rows, 'assembly_completed_at', (r) => r.widget_id),
      {
        machine: 'assembly_station_id',
        product: 'widget_type',
        naiveTimestamps: ['assembly_started_at', 'assembly_completed_at'],
        eventTime: 'assembly_completed_at',
      },
      (r) => String(r.widget_id),
    );
  }

  /** The inputs of the i-th unit of a run: its share of each input item, in recipe order. */
  private componentsOfUnit(run: RunEvent, i: number): string[] {
    const n = run.unitIds.length;
    const ids: string[] = [];
    for (const list of Object.values(run.inputUnitIds)) {
      const per = list.length / n;
      ids.push(...list.slice(i * per, (i + 1) * per));
    }
    return ids;
  }

  private qualityControl(day: DayEvents): SourceTable {
    const fmt = this.fmt;
    const rows: QualityCheck[] = [];
    for (const q of day.qc) {
      if (!q.tests || !q.unitId) continue;
      rows.push({
        check_id: q.checkId,
        widget_id: q.unitId,
        inspector_id: q.inspectorId,
        checked_at: fmt.naiveMicros(q.at),
        status: q.pass ? 'pass' : 'fail',
        test_results: {
          electrical_test: q.tests.electrical,
          mechanical_test: q.tests.mechanical,
          visual_inspection: q.tests.visual,
          performance_score: q.tests.performanceScore,
        },
        defects_found: q.defects as QualityCheck['defects_found'],
        notes: q.notes,
      });
    }
    return this.table(
      'quality-control',
      day,
      rows,
      { naiveTimestamps: ['checked_at'], eventTime: 'checked_at' },
      (r) => String(r.check_id),
    );
  }

  /** Every machine every `sensors.every_seconds` (60 s when the plant does not say), all day. */
  private telemetry(day: DayEvents): SourceTable {
    const stepMs = (this.ctx.scenario.sensors.every_seconds ?? 60) * 1000;
    const statesBy = byMachine(day.states);
    const runsBy = byMachine(day.runs);
    const fmt = this.fmt;
    const rows: MachineTelemetry[] = [];
    for (const spec of this.ctx.scenario.machines) {
      const model = new SensorModel(spec, Rng.stream(this.ctx.seed, `sensors:clock:${spec.id}:${day.date}`));
      const location = this.location(spec);
      model.everyStep(
        spec.id,
        day.start,
        day.end,
        stepMs,
        statesBy.get(spec.id) ?? [],
        runsBy.get(spec.id) ?? [],
        day.efficiency[spec.id] ?? spec.base_efficiency,
        this.wear(day, spec),
        (r) => {
          rows.push({
            machine_id: r.machineId,
            machine_type: spec.type,
            timestamp: fmt.naiveMicros(r.at),
            status: TELEMETRY_STATUS[r.state],
            metrics: {
              temperature_celsius: r.temperatureC,
              vibration_level: r.vibration,
              power_consumption_watts: Math.round(r.powerKw * 1000),
              cycle_count: r.cycleCount,
              efficiency_percent: r.efficiencyPct,
            },
            location,
          });
        },
      );
    }
    return this.table(
      'machine-telemetry',
      day,
      byTime(rows, 'timestamp', (r) => r.machine_id),
      {
        machine: 'machine_id',
        measures: [
          'metrics.temperature_celsius',
          'metrics.vibration_level',
          'metrics.power_consumption_watts',
          'metrics.efficiency_percent',
        ],
        temperatureC: 'metrics.temperature_celsius',
        naiveTimestamps: ['timestamp'],
        eventTime: 'timestamp',
      },
      (r) => `${r.machine_id}@${r.timestamp}`,
    );
  }

  private inventory(day: DayEvents): SourceTable {
    const fmt = this.fmt;
    const rows: InventoryUpdate[] = day.inventory.map((m) => ({
      update_id: m.moveId,
      timestamp: fmt.naiveMicros(m.at),
      item: this.name(m.item),
      location: m.bufferId,
      change: m.change,
      reason: m.reason,
      reference_id: m.referenceId,
      quantity_on_hand: m.onHand,
    }));
    return this.table(
      'inventory-updates',
      day,
      rows,
      { naiveTimestamps: ['timestamp'], eventTime: 'timestamp' },
      (r) => String(r.update_id),
    );
  }

  private orders(day: DayEvents): SourceTable {
    const fmt = this.fmt;
    const rows: ProductionOrder[] = day.orders.map((o) => ({
      order_id: o.orderId,
      timestamp: fmt.naiveMicros(o.at),
      widget_type: this.name(o.item) as ProductionOrder['widget_type'],
      quantity: o.quantity,
      priority: o.priority,
      status: o.status,
      quantity_completed: o.completed,
    }));
    return this.table(
      'production-orders',
      day,
      rows,
      { product: 'widget_type', naiveTimestamps: ['timestamp'], eventTime: 'timestamp' },
      (r) => `${r.order_id}@${r.status}`,
    );
  }

  private alerts(day: DayEvents): SourceTable {
    const fmt = this.fmt;
    const rows: FactoryAlert[] = day.alerts.map((a) => ({
      alert_id: a.alertId,
      timestamp: fmt.naiveMicros(a.at),
      severity: a.severity,
      kind: a.kind,
      machine_id: a.machineId,
      message: a.message,
    }));
    return this.table(
      'factory-alerts',
      day,
      rows,
      { machine: 'machine_id', naiveTimestamps: ['timestamp'], eventTime: 'timestamp' },
      (r) => String(r.alert_id),
    );
  }
}
