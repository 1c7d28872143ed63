/** What a machine sees of the plant it runs in: the clock, the calendar, stock, orders and outputs. */
import type { RecipeSpec } from '../../config/plant-schema.ts';
import type { DayCollector } from '../engine/collector.ts';
import type { MachineMaster, RunEvent } from '../engine/events.ts';
import type { EventQueue } from '../engine/queue.ts';
import type { StockBuffer } from './buffer.ts';
import type { PlantCalendar } from './calendar.ts';
import type { OrderBook } from './orders.ts';

/** A machine as the plant's hooks know it (after a run, the plant logs and inspects it). */
export interface RunningMachine {
  readonly id: string;
}

export interface PlantRuntime {
  seed: number;
  q: EventQueue;
  calendar: PlantCalendar;
  out: DayCollector;
  buffers: Map<string, StockBuffer>;
  recipes: Map<string, RecipeSpec>;
  serializedItems: Set<string>;
  orders: OrderBook | null;
  dateOf(t: number): string;
  dayIndexOf(date: string): number;
  master(machineId: string): MachineMaster;
  /** Probability that a unit of `item` is defective at base condition, if the plant's QC decides it. */
  qcDefectRate(item: string): number | null;
  newUnitId(item: string): string;
  afterRun(run: RunEvent, machine: RunningMachine): void;
  alert(
    at: number,
    severity: 'info' | 'warning' | 'critical',
    kind: 'machine_failure' | 'machine_restored' | 'maintenance' | 'starved' | 'blocked',
    machineId: string,
    message: string,
  ): void;
}
