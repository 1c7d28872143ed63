/** A plain data table: columns say how to show each cell; a KPI column formats through KpiValue. */
import type { ReactNode } from 'react';
import type { KpiKey } from '../kpi-definitions.ts';
import { KpiValue } from './KpiValue.tsx';

export interface Column<T> {
  key: string;
  label: string;
  /** Format the value as this KPI (right-aligned, "no data" for null). */
  kpi?: KpiKey;
  /** Decimals of a KPI column (its format's default otherwise). */
  digits?: number;
  render?: (row: T) => ReactNode;
  /** CSS class of the cell from the row (`status-FAILED`). */
  cellClass?: (row: T) => string;
}

export function Table<T extends Record<string, unknown>>({
  rows,
  columns,
  rowKey,
  testId,
  onRowClick,
  selected,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  testId?: string;
  onRowClick?: (row: T) => void;
  selected?: string | null;
}) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.kpi ? 'num' : ''}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const k = rowKey(r);
            return (
              <tr
                key={k}
                data-row={k}
                className={selected === k ? 'selected' : onRowClick ? 'clickable' : ''}
                onClick={onRowClick ? () => onRowClick(r) : undefined}
              >
                {columns.map((c) => (
                  <td
                    key={c.key}
                    className={`${c.kpi ? 'num' : ''} ${c.cellClass?.(r) ?? ''}`.trim()}
                    data-col={c.key}
                  >
                    {c.render ? (
                      c.render(r)
                    ) : c.kpi ? (
                      <KpiValue kpi={c.kpi} value={r[c.key]} digits={c.digits} />
                    ) : (
                      String(r[c.key] ?? '')
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
