/**
 * What a build does with each model, from what changed since the model was last built: nothing
 * (no input changed: skipped), a full build (new, its SQL or a macro changed, a full refresh, or an
 * input changed in a way no day can say), or, for an incremental model, a rebuild from the first
 * day an input changed, less its lookback (the days before whose rows can depend on later data).
 */
import { addDays } from '../contracts/plant-time.ts';
import type { Model, Project } from './project.ts';
import { earliest, type RunnerState, type Since, sqlHash } from './state.ts';

export interface Decision {
  action: 'skip' | 'build';
  /** Built from nothing (downstream: everything changed). */
  full: boolean;
  /** Incremental: the first partition to rebuild (`null`: all). */
  since: string | null;
  sqlHash: string;
}

export class Planner {
  constructor(
    private readonly project: Project,
    private readonly state: RunnerState,
  ) {}

  decide(m: Model, fullRefresh: boolean): Decision {
    const hash = sqlHash(m, this.project);
    const st = this.state.states.get(m.relation);
    const full: Decision = { action: 'build', full: true, since: null, sqlHash: hash };
    if (fullRefresh || !st || st.sqlHash !== hash || !this.state.kinds.has(m.relation)) return full;
    const changed = this.inputSince(m, st.builtAt, st.watermark);
    if (changed === undefined || m.config.materialized === 'view')
      return { action: 'skip', full: false, since: null, sqlHash: hash };
    if (m.config.materialized === 'incremental') {
      if (changed === null) return full;
      return {
        action: 'build',
        full: false,
        since: addDays(changed, -m.config.lookbackDays),
        sqlHash: hash,
      };
    }
    return { action: 'build', full: false, since: null, sqlHash: hash };
  }

  /**
   * The earliest change among what `m` reads, after it was built: bronze loads after its
   * watermark, recorded changes of the models it reads, and through a view, what the view reads.
   */
  private inputSince(m: Model, builtAt: number, watermark: number | null, seen = new Set<string>()): Since {
    let out: Since;
    for (const src of m.sources)
      out = earliest(out, this.state.bronzeSince(src.replace(/^bronze\./, ''), watermark));
    for (const dep of m.dependsOn) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      out = earliest(out, this.state.modelSince(dep, builtAt));
      const d = this.project.byRelation.get(dep);
      if (d?.config.materialized === 'view')
        out = earliest(out, this.inputSince(d, builtAt, watermark, seen));
      if (out === null) return null;
    }
    return out;
  }
}
