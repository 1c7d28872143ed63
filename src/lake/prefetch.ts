/**
 * Work on the files ahead of those being loaded — their scans (sha256, lines) — so it overlaps the
 * loads instead of waiting before them: file i+1… is read while DuckDB writes file i.
 * Items run one after another in order, as far ahead as a budget allows; results (or errors) wait
 * until asked for, so nothing is lost and no rejection goes unhandled.
 */
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export class Prefetcher<T> {
  private readonly results: Promise<Settled<T>>[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private started = 0;

  constructor(
    private readonly count: number,
    private readonly work: (i: number) => Promise<T>,
    /**
     * An item's weight (bytes to read), for the budget: at most `budget` weight started beyond the
     * item asked for (the next item starts whatever its weight).
     */
    private readonly weight: (i: number) => number,
    private readonly budget: number,
  ) {}

  /** Item i's result, once ready; starts the items after it that fit the budget. */
  async get(i: number): Promise<T> {
    let ahead = 0;
    for (let j = i + 1; j < this.started; j++) ahead += this.weight(j);
    // The next item is always started, whatever its weight: a big file still overlaps the one before.
    while (
      this.started < this.count &&
      (this.started <= i + 1 || ahead + this.weight(this.started) <= this.budget)
    ) {
      if (this.started > i) ahead += this.weight(this.started);
      this.start(this.started++);
    }
    const r = await (this.results[i] as Promise<Settled<T>>);
    if (!r.ok) throw r.error;
    return r.value;
  }

  /** Waits for everything started to finish (before what it uses is closed). */
  async settle(): Promise<void> {
    await Promise.all(this.results);
  }

  private start(i: number): void {
    const p = this.chain
      .then(() => this.work(i).then((value): Settled<T> => ({ ok: true, value })))
      .catch((error: unknown): Settled<T> => ({ ok: false, error }));
    this.results[i] = p;
    this.chain = p;
  }
}
