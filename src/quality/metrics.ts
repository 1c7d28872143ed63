/**
 * Truth and gold meet as flat metric rows: (day, entity type, entity, metric) → value. Counts must
 * match exactly; decimal sums and ratios within a relative tolerance (1e-6 by default).
 */
import { type DayTruth, type Kpis, kpis, type TimeElements, timeElements } from '../contracts/truth.ts';

export type EntityType = 'factory' | 'machine' | 'machine_shift' | 'product' | 'flow' | 'buffer' | 'qc';

export interface MetricRow {
  day: string;
  entityType: EntityType;
  entity: string;
  metric: string;
  value: number | null;
}

/** Metrics that are counts (exact) rather than sums of decimals or ratios. */
export function isCount(metric: string): boolean {
  return /(^|\.)(batches|total_batches|units_produced|units_defective|good_units|pq|gq|sq|failures|restorations|checks|passed|failed|quantity|opening|closing|produced|consumed|returned|shipped|received|by_reason\..*)$/.test(
    metric,
  );
}

/** The truth contract lists the elements and KPIs; their order here is the contract's. */
export const TIME_KEYS = Object.keys(timeElements.shape) as (keyof TimeElements)[];
export const KPI_KEYS = Object.keys(kpis.shape) as (keyof Kpis)[];

/** Every metric a truth file states, flattened. */
export function truthMetrics(t: DayTruth): MetricRow[] {
  const out: MetricRow[] = [];
  const add = (entityType: EntityType, entity: string, metric: string, value: number | null | undefined) => {
    if (value !== undefined) out.push({ day: t.date, entityType, entity, metric, value });
  };
  add('factory', '*', 'total_batches', t.total_batches);
  const ft = t.factory_totals;
  add('factory', '*', 'units_produced', ft.units_produced);
  add('factory', '*', 'units_defective', ft.units_defective);
  add('factory', '*', 'energy_consumed_kwh', ft.energy_consumed_kwh);
  add('factory', '*', 'good_units', ft.good_units);
  for (const k of TIME_KEYS) add('factory', '*', `time.${k}`, ft.time?.[k]);
  for (const k of KPI_KEYS) add('factory', '*', `kpi.${k}`, ft.kpi?.[k]);
  for (const [m, v] of Object.entries(t.by_machine)) {
    add('machine', m, 'batches', v.batches);
    add('machine', m, 'units_produced', v.units_produced);
    add('machine', m, 'units_defective', v.units_defective);
    add('machine', m, 'energy_consumed_kwh', v.energy_consumed_kwh);
    add('machine', m, 'good_units', v.good_units);
    for (const k of TIME_KEYS) add('machine', m, `time.${k}`, v.time?.[k]);
    for (const k of KPI_KEYS) add('machine', m, `kpi.${k}`, v.kpi?.[k]);
    for (const [s, secs] of Object.entries(v.states_s ?? {})) add('machine', m, `states_s.${s}`, secs);
  }
  for (const [m, shifts] of Object.entries(t.by_machine_shift ?? {})) {
    for (const [s, e] of Object.entries(shifts))
      for (const k of TIME_KEYS) add('machine_shift', `${m}|${s}`, `time.${k}`, e[k]);
  }
  for (const [p, v] of Object.entries(t.by_product)) {
    add('product', p, 'batches', v.batches);
    add('product', p, 'units_produced', v.units_produced);
    add('product', p, 'units_defective', v.units_defective);
    add('product', p, 'good_units', v.good_units);
    add('product', p, 'energy_consumed_kwh', v.energy_consumed_kwh);
  }
  for (const e of t.material_flow ?? []) add('flow', `${e.from}→${e.to}|${e.item}`, 'quantity', e.quantity);
  for (const [b, v] of Object.entries(t.buffers ?? {})) {
    for (const k of [
      'opening',
      'produced',
      'consumed',
      'returned',
      'shipped',
      'received',
      'closing',
    ] as const)
      add('buffer', b, k, v[k]);
  }
  if (t.qc) {
    add('qc', '*', 'checks', t.qc.checks);
    add('qc', '*', 'passed', t.qc.passed);
    add('qc', '*', 'failed', t.qc.failed);
    for (const [r, n] of Object.entries(t.qc.by_reason)) add('qc', '*', `by_reason.${r}`, n);
  }
  return out;
}
