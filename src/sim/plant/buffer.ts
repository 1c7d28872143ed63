/**
 * A stock point between stages. Tracks its level exactly (and unit ids for serialized items, so a
 * component can be consumed once only), reserves space for output in progress, and wakes the
 * machines waiting on it when it changes.
 */
import type { BufferSpec } from '../../config/plant-schema.ts';
import type { InventoryMoveEvent } from '../engine/events.ts';

export interface Waiter {
  wake(): void;
}

export class StockBuffer {
  readonly id: string;
  readonly item: string;
  readonly capacity: number | null;
  level: number;
  /** Space promised to runs in progress. */
  reserved = 0;
  private ids: string[] = [];
  private idHead = 0;
  private waiters = new Set<Waiter>();
  private moveSeq = 0;

  constructor(
    readonly spec: BufferSpec,
    readonly serialized: boolean,
    private readonly emit: (m: InventoryMoveEvent) => void,
  ) {
    this.id = spec.id;
    this.item = spec.item;
    this.capacity = spec.capacity;
    this.level = spec.initial;
    if (serialized && spec.initial > 0) {
      for (let i = 0; i < spec.initial; i++)
        this.ids.push(`${spec.id}_OPENING_${String(i + 1).padStart(5, '0')}`);
    }
  }

  /** Free space, counting reservations; Infinity when unbounded. */
  free(): number {
    return this.capacity === null ? Number.POSITIVE_INFINITY : this.capacity - this.level - this.reserved;
  }

  subscribe(w: Waiter): void {
    this.waiters.add(w);
  }

  unsubscribe(w: Waiter): void {
    this.waiters.delete(w);
  }

  private changed(): void {
    if (this.waiters.size === 0) return;
    const list = [...this.waiters];
    this.waiters.clear();
    for (const w of list) w.wake();
  }

  private move(at: number, change: number, reason: InventoryMoveEvent['reason'], ref: string | null): void {
    this.moveSeq++;
    this.emit({
      moveId: `${this.id}-${this.moveSeq}`,
      at,
      bufferId: this.id,
      item: this.item,
      change,
      reason,
      referenceId: ref,
      onHand: this.level,
    });
  }

  /** Takes n units (the caller checked the level); returns their ids when serialized. */
  take(n: number, at: number, ref: string): string[] {
    if (n > this.level) throw new Error(`${this.id}: take ${n} with only ${this.level} in stock`);
    this.level -= n;
    let taken: string[] = [];
    if (this.serialized) {
      taken = this.ids.slice(this.idHead, this.idHead + n);
      this.idHead += n;
      if (this.idHead > 4096 && this.idHead * 2 > this.ids.length) {
        this.ids = this.ids.slice(this.idHead);
        this.idHead = 0;
      }
    }
    this.move(at, -n, 'consumed', ref);
    this.changed();
    return taken;
  }

  /** Puts back units a run reserved but did not use (a failure cut it short). */
  giveBack(n: number, ids: string[], at: number, ref: string): void {
    if (n <= 0) return;
    this.level += n;
    if (this.serialized) {
      // Returned units go to the front: they were the oldest and stay first in line.
      this.ids = [...ids, ...this.ids.slice(this.idHead)];
      this.idHead = 0;
    }
    this.move(at, n, 'returned', ref);
    this.changed();
  }

  put(n: number, ids: string[], at: number, ref: string, reason: 'produced' | 'received' = 'produced'): void {
    if (n <= 0) return;
    this.level += n;
    if (this.serialized) this.ids.push(...ids);
    this.move(at, n, reason, ref);
    this.changed();
  }

  ship(n: number, at: number, ref: string): void {
    if (n <= 0) return;
    this.level -= n;
    if (this.serialized) this.idHead += n;
    this.move(at, -n, 'shipped', ref);
    this.changed();
  }
}
