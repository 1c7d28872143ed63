/**
 * Choosing which items chaos hits. Tables reach millions of rows, so instead of one draw per item
 * the gap to the next hit is drawn from the geometric distribution: the same Bernoulli(p) per item,
 * a draw per hit.
 */
import type { Rng } from '../random/rng.ts';

/** Calls `hit(i)` for each i in [0, n) chosen independently with probability p, in increasing order. */
export function forEachChosen(rng: Rng, p: number, n: number, hit: (i: number) => void): void {
  if (!(p > 0) || n <= 0) return;
  if (p >= 1) {
    for (let i = 0; i < n; i++) hit(i);
    return;
  }
  const logQ = Math.log1p(-p);
  let i = -1;
  for (;;) {
    i += 1 + Math.floor(Math.log(1 - rng.next()) / logQ);
    if (i >= n) return;
    hit(i);
  }
}

/** A non-zero integer in [−max, −1] ∪ [1, max]. */
export function nonZeroInt(rng: Rng, max: number): number {
  const magnitude = rng.int(1, Math.max(1, Math.floor(max)));
  return rng.next() < 0.5 ? -magnitude : magnitude;
}
