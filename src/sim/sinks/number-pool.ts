/**
 * One boxed number per distinct value. V8 keeps each non-integer number that an object holds in a
 * box of its own (a 16-byte HeapNumber), so a day of large-plant telemetry kept 5 million boxes
 * alive for a few thousand distinct values: half the bytes of its rows, all of which the garbage
 * collector copies as the day's table grows. Rows that take equal values from a pool share one box.
 *
 * A direct-mapped cache, so a lookup is a multiply, a load and a compare: a miss keeps the new
 * number (which takes the slot), so the pool never changes a value, only which box holds it.
 */
const BITS = 14;

export class NumberPool {
  // Filled with null first so the array holds boxes, never raw doubles V8 would box again on reads.
  private readonly slots: unknown[] = new Array(1 << BITS).fill(null);

  /** `v` itself, or an equal number handed out before. */
  share(v: number): number {
    if (Number.isInteger(v)) return v; // small integers need no box; and -0 never meets 0 here
    const i = Math.imul((v * 1000) | 0, 0x9e3779b1) >>> (32 - BITS);
    const hit = this.slots[i];
    if (hit === v) return hit as number;
    this.slots[i] = v;
    return v;
  }
}
