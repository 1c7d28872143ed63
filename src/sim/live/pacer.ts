/**
 * Simulated time scaled to wall time: at speed N a simulated second takes 1/N of a real one; at
 * `max` nothing waits (the broker's acknowledgements are the only brake).
 */
export class Pacer {
  private sim0: number | null = null;
  private wall0 = 0;

  constructor(readonly speed: number | 'max') {}

  /** Waits until simulated instant `t` (ms) is due. */
  async at(t: number): Promise<void> {
    if (this.speed === 'max') return;
    if (this.sim0 === null) {
      this.sim0 = t;
      this.wall0 = performance.now();
      return;
    }
    const due = this.wall0 + (t - this.sim0) / this.speed;
    const ahead = due - performance.now();
    // Sleeping for less than a couple of ms costs more than it paces.
    if (ahead > 2) await new Promise((r) => setTimeout(r, ahead));
  }
}
