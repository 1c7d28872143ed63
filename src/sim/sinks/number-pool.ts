/**
 * One boxed number per distinct value. V8 keeps each non-integer number that an object holds in a
 * box of its own (a 16-byte HeapNumber): a day of large-plant telemetry holds 4.8 million of them
 * but only about 20,000 distinct values, and the boxes were half the bytes of the day's rows, all
 * of which the garbage collector copies while the day's table grows. Rows that take their values
 * from a pool share one box per value: the large plant's peak RSS fell by about a third.
 *
 * A direct-mapped cache, so a lookup is a multiply, a load and a compare; with 2^14 slots per
 * column under 3% of lookups miss. A miss keeps the new number (which takes the slot), so the pool
 * never changes a value, only which box holds it.
 */
const BITS = 14;

export class NumberPool {
  // Filled with null first so the array holds boxes, never raw doubles V8 would box again on reads.
  private readonly slots: unknown[] = new Array(1 << BITS).fill(null);

  /** `v` itself, or an equal number handed out before. */
  share(v: number): number {
    // Integers go through as they are: small ones need no box, and -0 (=== 0) must not become 0.
    if (Number.isInteger(v)) return v;
    const i = Math.imul((v * 1000) | 0, 0x9e3779b1) >>> (32 - BITS);
    const hit = this.slots[i];
    if (hit === v) return hit as number;
    this.slots[i] = v;
    return v;
  }
}
