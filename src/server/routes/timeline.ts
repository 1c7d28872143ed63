/**
 * The state timeline's answer from flat state pieces (sql/reliability_timeline.sql, in machine and
 * time order): pieces that touch and share state and reason are glued into one interval (an interval
 * cut at shift boundaries, or a state running over midnight), so the time per state is unchanged and
 * the answer smaller. Per machine, parallel lists: state index, start and end in seconds from `base`.
 *
 * @example
 *   const t = glueTimeline(await ctx.q.columns('reliability_timeline', params), 20_000);
 */

export interface MachineTimeline {
  id: string;
  /** Index into `states`, per interval in time order. */
  state: number[];
  start: number[];
  end: number[];
  /** Sparse: the reason of interval `reasonIndex[k]` is `reasons[k]`. */
  reasonIndex: number[];
  reasons: string[];
}

export interface Timeline {
  machineCount: number;
  /** Epoch ms every start and end (seconds) counts from: the first piece's start; null without data. */
  base: number | null;
  /** Epoch ms of the last piece's end. */
  end: number | null;
  states: string[];
  machines: MachineTimeline[];
  /** True when `limit` intervals were kept and more followed. */
  truncated: boolean;
}

export function glueTimeline(cols: Record<string, unknown[]>, limit: number): Timeline {
  const machine = cols.machine_id as string[];
  const state = cols.state as string[];
  const reason = cols.reason as (string | null)[];
  const s = cols.s as number[];
  const e = cols.e as number[];
  const n = machine.length;
  // Not Math.min(...s): a month of a page is tens of thousands of arguments.
  let base: number | null = null;
  let end: number | null = null;
  for (let i = 0; i < n; i++) {
    if (base === null || (s[i] as number) < base) base = s[i] as number;
    if (end === null || (e[i] as number) > end) end = e[i] as number;
  }
  const stateIndex = new Map<string, number>();
  const machines: MachineTimeline[] = [];
  let m: MachineTimeline | undefined;
  let kept = 0;
  let truncated = false;
  for (let i = 0; i < n; i++) {
    const last = m ? m.state.length - 1 : -1;
    const glue =
      m !== undefined &&
      m.id === machine[i] &&
      last >= 0 &&
      state[i - 1] === state[i] &&
      reason[i - 1] === reason[i] &&
      e[i - 1] === s[i];
    if (glue && m) {
      m.end[last] = ((e[i] as number) - (base as number)) / 1000;
      continue;
    }
    if (kept === limit) {
      truncated = true;
      break;
    }
    if (!m || m.id !== machine[i]) {
      m = { id: machine[i] as string, state: [], start: [], end: [], reasonIndex: [], reasons: [] };
      machines.push(m);
    }
    let si = stateIndex.get(state[i] as string);
    if (si === undefined) {
      si = stateIndex.size;
      stateIndex.set(state[i] as string, si);
    }
    if (reason[i] !== null) {
      m.reasonIndex.push(m.state.length);
      m.reasons.push(reason[i] as string);
    }
    m.state.push(si);
    m.start.push(((s[i] as number) - (base as number)) / 1000);
    m.end.push(((e[i] as number) - (base as number)) / 1000);
    kept++;
  }
  return {
    machineCount: (cols.machine_count?.[0] as number | undefined) ?? 0,
    base,
    end,
    states: [...stateIndex.keys()],
    machines,
    truncated,
  };
}
