/** Quadrant 1, the production floor: a card per machine with its state at the clock, output and health. */
import { KpiValue } from '../../components/KpiValue.tsx';
import { Panel } from '../../components/Panel.tsx';
import { isMissing } from '../../format.ts';
import { KPI } from '../../kpi-definitions.ts';
import type { FloorAnswer, MachineRow, MachineStates, RunRow, StateRow, TimelineAnswer } from './types.ts';

export type Health = 'green' | 'yellow' | 'red' | 'grey';

/** The colour rule of KPI.health. */
export function health(m: MachineRow, stateNow: string | null): Health {
  if (isMissing(m.pq) && isMissing(m.efficiency)) return 'grey';
  if (stateNow === 'failed' || (m.efficiency !== null && m.efficiency < 0.8)) return 'red';
  if (m.degradation_alert || (m.efficiency !== null && m.efficiency < 0.9) || (m.failures ?? 0) > 0)
    return 'yellow';
  return 'green';
}

export function stateAt(m: MachineStates | undefined, clock: number): StateRow | null {
  if (!m) return null;
  const i = m.starts.findIndex((s, k) => s <= clock && clock < (m.ends[k] as number));
  if (i < 0) return null;
  return {
    machine_id: m.machine_id,
    state: m.states[i] as string,
    start_s: m.starts[i] as number,
    end_s: m.ends[i] as number,
  };
}

export function outputBy(runs: RunRow[], clock: number): number {
  return runs.reduce((a, r) => (r.end_s <= clock ? a + r.units_produced : a), 0);
}

function group<T extends { machine_id: string }>(rows: T[] | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows ?? []) {
    const list = m.get(r.machine_id);
    if (list) list.push(r);
    else m.set(r.machine_id, [r]);
  }
  return m;
}

export function Floor({
  data,
  timeline,
  loading,
  error,
  clock,
}: {
  data: FloorAnswer | null;
  /** State intervals and runs: may arrive after the machines. */
  timeline: TimelineAnswer | null;
  loading: boolean;
  error: string | null;
  clock: number;
}) {
  const machines = data?.machines ?? [];
  const states = new Map((timeline?.states ?? []).map((m) => [m.machine_id, m]));
  const runs = group(timeline?.production ?? null);
  return (
    <Panel
      title="Production floor"
      testId="floor"
      loading={loading && !data}
      error={error}
      empty={!loading && machines.length === 0}
    >
      <div className="cards">
        {machines.map((m) => {
          const now = stateAt(states.get(m.machine_id), clock);
          const colour = health(m, now?.state ?? null);
          const soFar = timeline?.production ? outputBy(runs.get(m.machine_id) ?? [], clock) : null;
          const share = soFar !== null && m.planned_units ? Math.min(1, soFar / m.planned_units) : 0;
          return (
            <div
              key={m.machine_id}
              className={`card ${colour}`}
              data-testid={`machine-${m.machine_id}`}
              data-health={colour}
              title={`Health ${colour}: ${KPI.health.definition}`}
            >
              <span className="name">{m.machine_name ?? m.machine_id}</span>
              <span className="muted">
                {m.machine_id} · {m.output_product ?? '—'}
              </span>
              <span className="state" data-testid={`state-${m.machine_id}`}>
                {now ? now.state.replaceAll('_', ' ') : timeline ? 'no data' : '…'}
              </span>
              <KpiValue kpi="efficiency" value={m.efficiency} label testId={`efficiency-${m.machine_id}`} />
              <KpiValue kpi="oee" value={m.oee} label testId={`oee-${m.machine_id}`} />
              <KpiValue kpi="pq" value={m.pq} label="Produced (day)" testId={`pq-${m.machine_id}`} />
              <span>
                <KpiValue kpi="output_so_far" value={soFar} label="So far" testId={`sofar-${m.machine_id}`} />{' '}
                / <KpiValue kpi="planned_units" value={m.planned_units} testId={`plan-${m.machine_id}`} />
              </span>
              <div className="bar" title={KPI.output_vs_plan.definition}>
                <div style={{ width: `${(share * 100).toFixed(1)}%` }} />
              </div>
              <KpiValue kpi="output_vs_plan" value={m.output_vs_plan} label testId={`ovp-${m.machine_id}`} />
            </div>
          );
        })}
      </div>
    </Panel>
  );
}
