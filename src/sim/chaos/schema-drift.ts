/**
 * schema_drift: an upstream release renames or adds a field. Each of the format's known drifts is
 * decided once per run (probability `rate`) and, when it happens, holds from `from_day` to the end.
 * The table's `columns` and `roles` objects may be shared with other days, so they are replaced,
 * never edited.
 */
import type { Row, SourceTable } from '../output/table.ts';
import { Rng } from '../random/rng.ts';
import type { ChaosModule, PlantFormat } from './types.ts';

export type Drift =
  | { source: string; kind: 'rename'; from: string; to: string }
  | { source: string; kind: 'add'; to: string; value: string };

export const KNOWN_DRIFTS: Record<PlantFormat, readonly Drift[]> = {
  seed: [
    { source: 'production_batches', kind: 'rename', from: 'units_defective', to: 'defective_units' },
    { source: 'operator_logs', kind: 'rename', from: 'notes', to: 'operator_notes' },
    { source: 'sensor_logs', kind: 'add', to: 'firmware_version', value: '2.4.1' },
  ],
  widgets: [
    {
      source: 'machine-telemetry',
      kind: 'rename',
      from: 'metrics.power_consumption_watts',
      to: 'metrics.power_watts',
    },
    { source: 'widget-assembly', kind: 'add', to: 'line_id', value: 'LINE-1' },
  ],
};

/** A copy of `obj` with one key renamed in place (key order kept, since JSON writes it as is). */
function renamedKey(obj: Row, from: string, to: string): Row {
  const out: Row = {};
  for (const k of Object.keys(obj)) out[k === from ? to : k] = obj[k];
  return out;
}

/** Renames a top-level key; the writer orders top-level keys by `columns`, so position is moot. */
function renameTop(row: Row, from: string, to: string): void {
  if (!(from in row)) return; // already drifted (a late row that saw this drift on its own day)
  row[to] = row[from];
  delete row[from];
}

function applyDrift(drift: Drift, table: SourceTable): void {
  if (drift.kind === 'rename') {
    if (!drift.from.includes('.')) {
      table.columns = table.columns.map((c) => (c === drift.from ? drift.to : c));
      for (const row of table.rows) renameTop(row, drift.from, drift.to);
    } else {
      for (const row of table.rows) renameNested(row, drift.from, drift.to);
    }
    return;
  }
  if (!table.columns.includes(drift.to)) table.columns = [...table.columns, drift.to];
  for (const row of table.rows) if (!(drift.to in row)) row[drift.to] = drift.value;
}

/** Renames `a.b.c` → `a.b.d`, rebuilding each object on the way so shared objects stay untouched. */
function renameNested(row: Row, from: string, to: string): void {
  const fromParts = from.split('.');
  const toKey = to.split('.').at(-1) as string;
  const rebuild = (obj: Row, depth: number): Row | null => {
    const key = fromParts[depth] as string;
    if (depth === fromParts.length - 1) return key in obj ? renamedKey(obj, key, toKey) : null;
    const child = obj[key];
    if (child === null || typeof child !== 'object') return null;
    const next = rebuild(child as Row, depth + 1);
    return next === null ? null : { ...obj, [key]: next };
  };
  const head = fromParts[0] as string;
  const child = row[head];
  if (child === null || typeof child !== 'object') return;
  const next = rebuild(child as Row, 1);
  if (next !== null) row[head] = next;
}

export const schemaDrift: ChaosModule<'schema_drift'> = {
  type: 'schema_drift',
  isDefaultSource: () => true,
  accepts: () => true,
  create(config, run) {
    const rng = Rng.stream(run.seed, 'chaos:schema_drift:run');
    const active = KNOWN_DRIFTS[run.format].filter(() => rng.chance(config.rate));
    if (active.length === 0) return null;
    return {
      apply(day, table) {
        if (day.dayIndex < config.from_day) return;
        for (const drift of active) {
          if (drift.source !== table.source) continue;
          applyDrift(drift, table);
          // An empty file shows no schema, so there is nothing to record.
          if (table.rows.length === 0) continue;
          day.recordTable(table, drift.to, drift.kind === 'rename' ? drift.from : null, drift.to);
        }
      },
    };
  },
};
