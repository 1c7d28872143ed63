/**
 * Collects engine events into plant-local days. Events are filed by the day of their own time
 * (runs by their start); state intervals are split at midnight so each day's states cover exactly
 * its calendar time. Memory holds only days not yet handed out.
 */
import type {
  AlertEvent,
  FailureEvent,
  InventoryMoveEvent,
  OperatorLogEvent,
  OrderEvent,
  QcEvent,
  RunEvent,
  StateInterval,
} from './events.ts';

export interface DayBucket {
  states: StateInterval[];
  runs: RunEvent[];
  failures: FailureEvent[];
  restorations: FailureEvent[];
  qc: QcEvent[];
  operatorLogs: OperatorLogEvent[];
  inventory: InventoryMoveEvent[];
  orders: OrderEvent[];
  alerts: AlertEvent[];
}

const emptyBucket = (): DayBucket => ({
  states: [],
  runs: [],
  failures: [],
  restorations: [],
  qc: [],
  operatorLogs: [],
  inventory: [],
  orders: [],
  alerts: [],
});

export class DayCollector {
  private buckets = new Map<string, DayBucket>();
  /** Intervals not yet fully handed out: they may run past the current day's end. */
  private pendingStates: StateInterval[] = [];

  constructor(private readonly dateOf: (t: number) => string) {}

  private bucket(t: number): DayBucket {
    const d = this.dateOf(t);
    let b = this.buckets.get(d);
    if (!b) {
      b = emptyBucket();
      this.buckets.set(d, b);
    }
    return b;
  }

  state(i: StateInterval): void {
    if (i.end > i.start) this.pendingStates.push(i);
  }
  run(r: RunEvent): void {
    this.bucket(r.start).runs.push(r);
  }
  failure(f: FailureEvent): void {
    this.bucket(f.start).failures.push(f);
    this.bucket(f.end).restorations.push(f);
  }
  qc(e: QcEvent): void {
    this.bucket(e.at).qc.push(e);
  }
  operatorLog(e: OperatorLogEvent): void {
    this.bucket(e.at).operatorLogs.push(e);
  }
  inventory(e: InventoryMoveEvent): void {
    this.bucket(e.at).inventory.push(e);
  }
  order(e: OrderEvent): void {
    this.bucket(e.at).orders.push(e);
  }
  alert(e: AlertEvent): void {
    this.bucket(e.at).alerts.push(e);
  }

  /** Hands out everything of `date` = [start, end); intervals are clipped, their rest kept. */
  take(date: string, start: number, end: number): DayBucket {
    const b = this.buckets.get(date) ?? emptyBucket();
    this.buckets.delete(date);
    const keep: StateInterval[] = [];
    for (const i of this.pendingStates) {
      if (i.start < end && i.end > start) {
        b.states.push({ ...i, start: Math.max(i.start, start), end: Math.min(i.end, end) });
      }
      if (i.end > end) keep.push(i);
    }
    this.pendingStates = keep;
    b.states.sort((x, y) =>
      x.machineId < y.machineId ? -1 : x.machineId > y.machineId ? 1 : x.start - y.start,
    );
    const byTime = <T extends { at: number }>(list: T[]) => list.sort((x, y) => x.at - y.at);
    b.runs.sort((x, y) => x.start - y.start || (x.machineId < y.machineId ? -1 : 1));
    byTime(b.qc);
    byTime(b.operatorLogs);
    byTime(b.orders);
    byTime(b.alerts);
    // Inventory keeps emission order within a timestamp: on-hand figures follow it.
    b.inventory.sort((x, y) => x.at - y.at);
    return b;
  }
}
