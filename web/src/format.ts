/** Display formatting. Missing values are "no data", never 0. */
import type { KpiFormat } from './kpi-definitions.ts';

export const NO_DATA = 'no data';

export function isMissing(v: unknown): v is null | undefined {
  return v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));
}

const nf = (digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function duration(seconds: number): string {
  if (seconds < 60) return `${nf(0).format(seconds)} s`;
  if (seconds < 3600) return `${nf(1).format(seconds / 60)} min`;
  return `${nf(1).format(seconds / 3600)} h`;
}

export function formatValue(v: unknown, format: KpiFormat, digits?: number): string {
  if (isMissing(v)) return NO_DATA;
  const n = Number(v);
  if (Number.isNaN(n)) return String(v);
  switch (format) {
    case 'percent':
      return `${nf(digits ?? 1).format(n * 100)} %`;
    case 'duration':
      return duration(n);
    case 'count':
      return nf(digits ?? 0).format(n);
    case 'kwh':
      return `${nf(digits ?? 1).format(n)} kWh`;
    case 'decimal':
      return nf(digits ?? 2).format(n);
    case 'perSecond':
      return `${nf(digits ?? 1).format(n)} /s`;
    case 'seconds':
      return `${nf(digits ?? 1).format(n)} s`;
  }
}
