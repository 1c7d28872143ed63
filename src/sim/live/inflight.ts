/**
 * Back-pressure for publishers: at most `limit` sends await their broker acknowledgement at once;
 * the next send waits for the oldest. An error of any send fails the next call.
 */
export class InFlight {
  private queue: Promise<void>[] = [];
  private head = 0;
  private failure: unknown = null;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.queue.length - this.head;
  }

  async add(p: Promise<void>): Promise<void> {
    if (this.failure) throw this.failure;
    p.catch((err) => {
      this.failure ??= err;
    });
    this.queue.push(p);
    while (this.size > this.limit) await this.queue[this.head++];
    if (this.head > 4096) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Waits for every send; throws the first failure. */
  async drain(): Promise<void> {
    while (this.size > 0) await this.queue[this.head++];
    this.queue = [];
    this.head = 0;
    if (this.failure) throw this.failure;
  }
}
