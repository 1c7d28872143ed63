/**
 * A table of rows whose number cells are `KpiValue`s (formatted, "no data" for null, the definition
 * on hover, `data-testid`/`data-value` for tests). Shared by the OEE, Reliability, Quality and
 * Widgets pages.
 *
 * @example
 *   <KpiTable rows={machines} rowKey={(m) => m.machine_id} columns={[
 *     { header: 'Machine', value: (m) => m.machine_id },
 *     { header: 'OEE', kpi: 'oee', value: (m) => m.oee, testId: (m) => `oee-${m.machine_id}` },
 *   ]} />
 */
import type { ReactNode } from 'react';
import type { KpiKey } from '../kpi-definitions.ts';
import { KpiValue } from './KpiValue.tsx';

export interface Column<R> {
  header: string;
  /** Hover text of the header (plain columns; KPI cells carry their own definition). */
  title?: string;
  /** A number shown through KpiValue; without it the cell is plain text. */
  kpi?: KpiKey;
  value(row: R): unknown;
  testId?(row: R): string;
  digits?: number;
  /** Right-aligned plain cell. */
  num?: boolean;
  className?(row: R): string | undefined;
}

export interface KpiTableProps<R> {
  rows: R[];
  columns: Column<R>[];
  rowKey(row: R): string;
  rowTestId?(row: R): string;
  rowTitle?(row: R): string | undefined;
}

function cell<R>(c: Column<R>, r: R): ReactNode {
  if (c.kpi) return <KpiValue kpi={c.kpi} value={c.value(r)} digits={c.digits} testId={c.testId?.(r)} />;
  const v = c.value(r);
  return v === null || v === undefined ? '—' : String(v);
}

export function KpiTable<R>({ rows, columns, rowKey, rowTestId, rowTitle }: KpiTableProps<R>) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} className={c.kpi || c.num ? 'num' : undefined} title={c.title}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} data-testid={rowTestId?.(r)} title={rowTitle?.(r)}>
              {columns.map((c) => (
                <td
                  key={c.header}
                  className={
                    [c.kpi || c.num ? 'num' : '', c.className?.(r) ?? ''].join(' ').trim() || undefined
                  }
                >
                  {cell(c, r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
