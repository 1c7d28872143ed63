/**
 * Widgets (the widget plant): components made per machine and type, widgets assembled per station and
 * type, QC per widget type, stock per stock point, orders and alerts of the selected day. A plant
 * without widget data (a seed-format plant) shows "no data for this plant", never a page of zeros.
 */
import { useMemo } from 'react';
import { useApi, withQuery } from '../../api.ts';
import { Chart } from '../../components/Chart.tsx';
import { type Column, KpiTable } from '../../components/KpiTable.tsx';
import { KpiTile, KpiValue } from '../../components/KpiValue.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ScopeSelect, usePeriod } from '../../components/scope.tsx';
import { useTime } from '../../time.tsx';
import { goodDefectiveOption, stockOption } from './charts.ts';
import type { AlertRow, AssemblyRow, ComponentRow, InventoryRow, QcRow, WidgetsAnswer } from './types.ts';
import './widgets.css';

const COMPONENT_COLUMNS: Column<ComponentRow>[] = [
  { header: 'Machine', value: (m) => m.machine_id },
  { header: 'Component', value: (m) => m.component_type },
  {
    header: 'Made',
    kpi: 'components',
    value: (m) => m.produced,
    testId: (m) => `components-${m.machine_id}`,
  },
  {
    header: 'Defective',
    kpi: 'widgets_defective',
    value: (m) => m.defective,
    testId: (m) => `components-defective-${m.machine_id}`,
  },
  { header: 'Defect rate', kpi: 'component_defect_rate', value: (m) => m.defect_rate },
];

const STATION_COLUMNS: Column<AssemblyRow>[] = [
  { header: 'Station', value: (r) => r.station_id },
  { header: 'Built', kpi: 'widgets_built', value: (r) => r.built, testId: (r) => `built-${r.station_id}` },
  {
    header: 'Defective',
    kpi: 'widgets_defective',
    value: (r) => r.defective,
    testId: (r) => `defective-${r.station_id}`,
  },
  {
    header: 'No QC',
    num: true,
    title: 'Widgets with no QC check (a lost line): their verdict comes from stock',
    value: (r) => r.qc_missing,
  },
];

const QC_COLUMNS: Column<QcRow>[] = [
  { header: 'Type', value: (r) => r.widget_type },
  { header: 'Checks', kpi: 'qc_checks', value: (r) => r.checks, testId: (r) => `qc-checks-${r.widget_type}` },
  { header: 'Passed', num: true, title: 'QC checks passed', value: (r) => r.passed },
  {
    header: 'Pass rate',
    kpi: 'qc_pass_rate',
    value: (r) => r.pass_rate,
    testId: (r) => `qc-pass-${r.widget_type}`,
  },
  { header: 'Score', kpi: 'performance_score', digits: 1, value: (r) => r.mean_performance_score },
];

const STOCK_COLUMNS: Column<InventoryRow>[] = [
  { header: 'Stock point', value: (r) => `${r.location}${r.balanced === false ? ' ⚠' : ''}` },
  {
    header: 'Opening',
    kpi: 'on_hand',
    value: (r) => r.opening_on_hand,
    testId: (r) => `opening-${r.location}`,
  },
  { header: 'Made', num: true, title: 'Units put into stock by production', value: (r) => r.produced },
  {
    header: 'Used',
    num: true,
    title: 'Units taken from stock by production (returns not netted)',
    value: (r) => r.consumed,
  },
  { header: 'Shipped', num: true, title: 'Units shipped out', value: (r) => r.shipped },
  {
    header: 'Closing',
    kpi: 'on_hand',
    value: (r) => r.closing_on_hand,
    testId: (r) => `closing-${r.location}`,
  },
];

const SEVERITY_CLASS: Record<string, string> = {
  critical: 'status-FAIL',
  warning: 'status-WARN',
  info: 'status-pass',
};
const ALERT_COLUMNS: Column<AlertRow>[] = [
  { header: 'Raised (UTC)', value: (r) => r.raised_at.slice(0, 19).replace('T', ' ') },
  { header: 'Severity', value: (r) => r.severity, className: (r) => SEVERITY_CLASS[r.severity] },
  { header: 'Machine', value: (r) => r.machine_id },
  { header: 'Message', value: (r) => r.message },
];

export default function WidgetsPage() {
  const t = useTime();
  const period = usePeriod();
  const q = useApi<WidgetsAnswer>(
    period.from && period.to
      ? withQuery('api/widgets', { factory: t.factory, from: period.from, to: period.to })
      : null,
  );
  const d = q.data;
  const loading = q.loading && !d;
  const machines = d?.components?.machines ?? [];
  const stationTypes = d?.assembly?.stationTypes ?? [];
  const inventory = d?.inventory ?? [];
  const componentsChart = useMemo(
    () =>
      machines.length
        ? goodDefectiveOption(
            machines.map((m) => m.machine_id ?? ''),
            machines.map((m) => m.good),
            machines.map((m) => m.defective),
          )
        : null,
    [machines],
  );
  const assemblyChart = useMemo(
    () =>
      stationTypes.length
        ? goodDefectiveOption(
            stationTypes.map((s) => `${s.station_id} · ${s.widget_type}`),
            stationTypes.map((s) => s.good),
            stationTypes.map((s) => s.defective),
          )
        : null,
    [stationTypes],
  );
  const stockChart = useMemo(() => (inventory.length ? stockOption(inventory) : null), [inventory]);

  if (d && d.plant === false)
    return (
      <div data-testid="page-widgets">
        <Panel title="Widgets" testId="widgets-not-a-plant">
          <p className="no-data" data-testid="widgets-no-plant">
            no data for this plant
          </p>
          <p className="muted">
            {t.factory} has no components or widget assembly: this page is for a widget plant (`--scenario
            widgets`).
          </p>
        </Panel>
      </div>
    );

  const c = d?.components?.total ?? null;
  const a = d?.assembly?.total ?? null;
  const qc = d?.qc?.total ?? null;
  const o = d?.orders?.total ?? null;
  const alertCount = d?.alerts ? d.alerts.counts.reduce((s, x) => s + x.alerts, 0) : null;
  return (
    <div data-testid="page-widgets" className="grid2">
      <Panel
        title={`Widgets ${period.label}`}
        actions={<ScopeSelect period={period} />}
        loading={loading}
        error={q.error}
        empty={!c && !a}
        testId="widgets-summary"
      >
        <div className="row">
          <KpiTile kpi="components" value={c?.produced} testId="components-total" />
          <KpiTile kpi="component_defect_rate" value={c?.defect_rate} testId="component-defect-rate" />
          <KpiTile kpi="widgets_built" value={a?.built} testId="widgets-built" />
          <KpiTile kpi="widgets_defective" value={a?.defective} testId="widgets-defective" />
          <KpiTile kpi="qc_pass_rate" value={qc?.pass_rate} testId="qc-pass-rate" />
          <KpiTile kpi="orders" value={o?.orders} testId="orders-total" />
          <KpiTile kpi="lead_time" value={o?.mean_lead_time_s} testId="lead-time" />
          <KpiTile kpi="alerts" value={alertCount} testId="alerts-total" />
        </div>
      </Panel>

      <Panel
        title="Assembly by station × type"
        loading={loading}
        error={q.error}
        empty={!assemblyChart}
        testId="widgets-assembly"
      >
        {assemblyChart ? (
          <Chart option={assemblyChart} height={60 + stationTypes.length * 24} testId="assembly-chart" />
        ) : null}
        <KpiTable
          rows={d?.assembly?.stations ?? []}
          columns={STATION_COLUMNS}
          rowKey={(r) => r.station_id ?? ''}
        />
      </Panel>

      <Panel
        title="QC by widget type"
        loading={loading}
        error={q.error}
        empty={!d?.qc?.types.length}
        testId="widgets-qc"
      >
        <KpiTable rows={d?.qc?.types ?? []} columns={QC_COLUMNS} rowKey={(r) => r.widget_type ?? ''} />
      </Panel>

      <Panel
        title="Components by machine"
        loading={loading}
        error={q.error}
        empty={!componentsChart}
        testId="widgets-components"
        className="wide"
      >
        {componentsChart ? (
          <Chart option={componentsChart} height={60 + machines.length * 24} testId="components-chart" />
        ) : null}
        <KpiTable rows={machines} columns={COMPONENT_COLUMNS} rowKey={(m) => m.machine_id ?? ''} />
      </Panel>

      <Panel
        title="Stock by stock point"
        loading={loading}
        error={q.error}
        empty={!stockChart}
        testId="widgets-inventory"
        className="wide"
      >
        {stockChart ? (
          <Chart option={stockChart} height={60 + inventory.length * 24} testId="stock-chart" />
        ) : null}
        <KpiTable
          rows={inventory}
          columns={STOCK_COLUMNS}
          rowKey={(r) => `${r.location}/${r.item}`}
          rowTitle={(r) => (r.balanced === false ? 'a move line was lost this day' : undefined)}
        />
      </Panel>

      <Panel
        title="Orders and alerts"
        loading={loading}
        error={q.error}
        empty={!o && !alertCount}
        testId="widgets-orders"
        className="wide"
      >
        <div className="row">
          {(d?.orders?.statuses ?? []).map((s) => (
            <KpiValue
              key={s.status}
              kpi="orders"
              value={s.orders}
              label={s.status ?? ''}
              testId={`orders-${s.status}`}
            />
          ))}
        </div>
        <KpiTable rows={d?.alerts?.latest ?? []} columns={ALERT_COLUMNS} rowKey={(r) => r.alert_id} />
      </Panel>
    </div>
  );
}
