/**
 * The order book of a make-to-order plant: orders arrive, stations take one unit at a time from
 * the most urgent order they can build (priority 1 first, then oldest), and a unit that fails QC
 * goes back on its order so the order completes with good units only.
 */
import type { OrderEvent } from '../engine/events.ts';
import type { Waiter } from './buffer.ts';

interface Order {
  id: string;
  item: string;
  quantity: number;
  priority: number;
  createdAt: number;
  /** Units not yet started. */
  open: number;
  good: number;
  started: boolean;
}

export class OrderBook {
  private orders: Order[] = [];
  private waiters = new Set<Waiter>();
  private seq = 0;

  constructor(private readonly emit: (e: OrderEvent) => void) {}

  add(at: number, item: string, quantity: number, priority: number): void {
    this.seq++;
    const id = `PO-${String(this.seq).padStart(6, '0')}`;
    const o: Order = { id, item, quantity, priority, createdAt: at, open: quantity, good: 0, started: false };
    this.orders.push(o);
    this.emit({ orderId: id, at, item, quantity, priority, status: 'created', completed: 0 });
    const list = [...this.waiters];
    this.waiters.clear();
    for (const w of list) w.wake();
  }

  subscribe(w: Waiter): void {
    this.waiters.add(w);
  }
  unsubscribe(w: Waiter): void {
    this.waiters.delete(w);
  }

  /** The most urgent order with open units among `items`, without taking it. */
  peek(items: ReadonlySet<string>): { orderId: string; item: string } | null {
    let best: Order | null = null;
    for (const o of this.orders) {
      if (o.open <= 0 || !items.has(o.item)) continue;
      if (
        !best ||
        o.priority < best.priority ||
        (o.priority === best.priority && o.createdAt < best.createdAt)
      )
        best = o;
    }
    return best ? { orderId: best.id, item: best.item } : null;
  }

  /** Commits one unit of an order to a station. */
  start(orderId: string, at: number): void {
    const o = this.find(orderId);
    o.open--;
    if (!o.started) {
      o.started = true;
      this.emit({
        orderId,
        at,
        item: o.item,
        quantity: o.quantity,
        priority: o.priority,
        status: 'in_progress',
        completed: o.good,
      });
    }
  }

  /** Reports a unit's outcome; a failed or unfinished unit reopens its slot. */
  finish(orderId: string, at: number, good: boolean): void {
    const o = this.find(orderId);
    if (good) o.good++;
    else o.open++;
    if (o.good >= o.quantity) {
      this.emit({
        orderId,
        at,
        item: o.item,
        quantity: o.quantity,
        priority: o.priority,
        status: 'completed',
        completed: o.good,
      });
      this.orders = this.orders.filter((x) => x !== o);
    }
  }

  private find(id: string): Order {
    const o = this.orders.find((x) => x.id === id);
    if (!o) throw new Error(`unknown order ${id}`);
    return o;
  }
}
