/**
 * One KPI value: formatted by its definition, "no data" when missing (never 0 %), and the
 * definition on hover. `data-kpi`/`data-value` let tests compare the screen with the API.
 */
import { formatValue, isMissing } from '../format.ts';
import { KPI, type KpiKey } from '../kpi-definitions.ts';

export interface KpiValueProps {
  kpi: KpiKey;
  value: unknown;
  digits?: number;
  /** Shown before the value (the KPI's label when true). */
  label?: boolean | string;
  testId?: string;
  className?: string;
}

export function KpiValue({ kpi, value, digits, label, testId, className }: KpiValueProps) {
  const def = KPI[kpi];
  const missing = isMissing(value);
  const text = formatValue(value, def.format, digits);
  return (
    <span
      className={`kpi${missing ? ' kpi-missing' : ''}${className ? ` ${className}` : ''}`}
      title={`${def.label}: ${def.definition}`}
      data-kpi={kpi}
      data-value={missing ? '' : String(value)}
      data-testid={testId}
    >
      {label ? <span className="kpi-label">{label === true ? def.label : label} </span> : null}
      <span className="kpi-text">{text}</span>
    </span>
  );
}

/** A KPI as a tile: label above, big value below. */
export function KpiTile({ kpi, value, digits, testId }: KpiValueProps) {
  return (
    <div className="tile" title={`${KPI[kpi].label}: ${KPI[kpi].definition}`}>
      <div className="tile-label">{KPI[kpi].label}</div>
      <KpiValue kpi={kpi} value={value} digits={digits} testId={testId} className="tile-value" />
    </div>
  );
}
