/**
 * The discrete-event core: a simulated clock and a queue of callbacks ordered by (time, insertion).
 * Ties break by insertion order so a run is deterministic without relying on object identity.
 */
interface Entry {
  at: number;
  seq: number;
  fn: () => void;
}

export class EventQueue {
  private heap: Entry[] = [];
  private seq = 0;
  now = 0;

  constructor(start: number) {
    this.now = start;
  }

  schedule(at: number, fn: () => void): void {
    if (at < this.now) throw new Error(`cannot schedule in the past: ${at} < ${this.now}`);
    const e: Entry = { at, seq: this.seq++, fn };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p] as Entry, e)) break;
      h[i] = h[p] as Entry;
      i = p;
    }
    h[i] = e;
  }

  /** Runs every event strictly before `until`, then leaves the clock at `until`. */
  runUntil(until: number): void {
    const h = this.heap;
    while (h.length > 0 && (h[0] as Entry).at < until) {
      const top = this.pop();
      this.now = top.at;
      top.fn();
    }
    this.now = until;
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0] as Entry;
    const last = h.pop() as Entry;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(h[r] as Entry, h[l] as Entry) ? r : l;
        if (less(last, h[c] as Entry)) break;
        h[i] = h[c] as Entry;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function less(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
