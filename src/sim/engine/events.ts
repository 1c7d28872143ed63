/**
 * What the engine emits: clean domain events in UTC milliseconds. Sinks turn them into files (and
 * chaos dirties those); truth is computed from them directly. The pipeline never sees these types.
 */
import type { MachineState } from '../../contracts/extras.ts';

export interface StateInterval {
  machineId: string;
  state: MachineState;
  start: number;
  end: number;
  reason: string | null;
}

/** One production run: a batch, or a single unit for machines that work one cycle at a time. */
export interface RunEvent {
  runId: string;
  machineId: string;
  recipeId: string;
  item: string;
  start: number;
  end: number;
  /** Producing time inside the run (minor stops excluded). */
  producingMs: number;
  units: number;
  defective: number;
  /** Serialized output units (component or widget ids), in order. */
  unitIds: string[];
  /** Serialized input units consumed, per item. */
  inputUnitIds: Record<string, string[]>;
  consumed: Record<string, number>;
  kwhPerUnit: number;
  /** round(units × kWh/unit, 2): the seed's convention. */
  energyKwh: number;
  efficiency: number;
  idealRatePerHour: number;
  orderId: string | null;
  workerId: string | null;
  /** Per unit for serialized outputs: defect count (components) or QC outcome (widgets). */
  unitDefects: number[];
}

/** What a sensor reading needs of a run: when it ran, what it made, what it drew. */
export type RunSpan = Pick<RunEvent, 'start' | 'end' | 'units' | 'energyKwh'>;

export interface FailureEvent {
  machineId: string;
  mode: string;
  start: number;
  /** When the machine was restored (may be after the day the failure started). */
  end: number;
}

export interface QcEvent {
  checkId: string;
  runId: string;
  unitId: string | null;
  machineId: string;
  item: string;
  at: number;
  inspectorId: string;
  pass: boolean;
  defects: string[];
  notes: string;
  tests: { electrical: boolean; mechanical: boolean; visual: boolean; performanceScore: number } | null;
}

export interface OperatorLogEvent {
  logId: string;
  machineId: string;
  operatorId: string;
  at: number;
  action: 'START_BATCH' | 'MONITOR' | 'ADJUST_PARAMS' | 'END_BATCH';
  notes: string;
  runId: string;
}

export interface InventoryMoveEvent {
  moveId: string;
  at: number;
  bufferId: string;
  item: string;
  change: number;
  reason: 'opening' | 'produced' | 'consumed' | 'returned' | 'shipped' | 'received';
  referenceId: string | null;
  onHand: number;
}

export interface OrderEvent {
  orderId: string;
  at: number;
  item: string;
  quantity: number;
  priority: number;
  status: 'created' | 'in_progress' | 'completed';
  completed: number;
}

export interface AlertEvent {
  alertId: string;
  at: number;
  severity: 'info' | 'warning' | 'critical';
  kind: 'machine_failure' | 'machine_restored' | 'maintenance' | 'quality_failure' | 'starved' | 'blocked';
  machineId: string | null;
  message: string;
}

export interface MachineMaster {
  machineId: string;
  machineName: string;
  machineType: string;
  factoryId: string;
  outputProduct: string;
  idealRatePerHour: number;
  kwhPerUnit: number;
  installedOn: string;
  lineId: string;
  lastOverhaulOn: string | null;
}

/** Everything that happened in one plant-local day. */
export interface DayEvents {
  date: string;
  dayIndex: number;
  start: number;
  end: number;
  states: StateInterval[];
  runs: RunEvent[];
  failures: FailureEvent[];
  /** Restorations completed this day (their failures may have started earlier). */
  restorations: FailureEvent[];
  qc: QcEvent[];
  operatorLogs: OperatorLogEvent[];
  inventory: InventoryMoveEvent[];
  orders: OrderEvent[];
  alerts: AlertEvent[];
  /** Master data in force during the day (changes take effect at midnight). */
  master: MachineMaster[];
  /** Buffer levels at the start of the day. */
  openingStock: Record<string, number>;
  /** Efficiency of each machine during the day. */
  efficiency: Record<string, number>;
}

/** Events by machine id, each machine's in their order (machines in order of first appearance). */
export function byMachine<T extends { machineId: string }>(events: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const e of events) {
    const list = out.get(e.machineId);
    if (list) list.push(e);
    else out.set(e.machineId, [e]);
  }
  return out;
}
