/**
 * OEE: availability × performance × quality of the selected period for the factory, each machine and
 * each machine × shift; the ISO 22400 loss waterfall from planned operation time to fully productive
 * time; and the daily trend up to the selected day. Every ratio comes from the API's roll-up (times
 * summed, divided once); null shows "no data". Machine × shift (`/api/oee/shifts`, the heavy part)
 * is asked once the factory and machine figures are on screen.
 */
import { useMemo } from 'react';
import { useApi, withQuery } from '../../api.ts';
import { Chart } from '../../components/Chart.tsx';
import { type Column, KpiTable } from '../../components/KpiTable.tsx';
import { KpiTile, KpiValue } from '../../components/KpiValue.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ScopeSelect, usePeriod } from '../../components/scope.tsx';
import type { ChartOption } from '../../echarts.ts';
import type { KpiKey } from '../../kpi-definitions.ts';
import { useTime } from '../../time.tsx';
import type { OeeAnswer, OeeRow, OeeShiftsAnswer, OeeTrendAnswer } from './types.ts';
import { waterfallOption } from './waterfall.ts';
import './oee.css';

const RATIOS = ['oee', 'availability', 'performance', 'quality'] as const;
const STEP_KPI: Record<string, KpiKey> = {
  pot: 'pot',
  planned_downtime: 'planned_downtime',
  pbt: 'pbt',
  asut: 'asut',
  down: 'down',
  adet: 'adet',
  adot: 'adot',
  apt: 'apt',
  performance_loss: 'performance_loss',
  net: 'ideal_time',
  quality_loss: 'quality_loss',
  fully_productive: 'fully_productive',
};

function trendOption(days: OeeRow[]): ChartOption {
  return {
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    legend: { top: 0, textStyle: { color: '#dde3ea' } },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)} %` : 'no data'),
    },
    xAxis: { type: 'category', data: days.map((d) => d.event_date), axisLabel: { color: '#8796a5' } },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: { color: '#8796a5', formatter: (v: number) => `${Math.round(v * 100)} %` },
      splitLine: { lineStyle: { color: '#2a3440' } },
    },
    series: RATIOS.map((k) => ({
      name: k === 'oee' ? 'OEE' : k[0]!.toUpperCase() + k.slice(1),
      type: 'line',
      data: days.map((d) => d[k]),
      connectNulls: false,
      lineStyle: { width: k === 'oee' ? 3 : 1.5 },
    })),
  };
}

const LABEL: Record<(typeof RATIOS)[number], string> = {
  oee: 'OEE',
  availability: 'Availability',
  performance: 'Performance',
  quality: 'Quality',
};

/** The KPI columns of the machine and machine × shift tables; `id` names a row in test ids. */
function kpiColumns(id: (r: OeeRow) => string): Column<OeeRow>[] {
  return [
    ...RATIOS.map((k) => ({
      header: LABEL[k],
      kpi: k,
      value: (r: OeeRow) => r[k],
      testId: (r: OeeRow) => `${k}-${id(r)}`,
    })),
    { header: 'Produced', kpi: 'pq', value: (r) => r.pq, testId: (r) => `pq-${id(r)}` },
    { header: 'Scrap', kpi: 'sq', value: (r) => r.sq, testId: (r) => `sq-${id(r)}` },
  ];
}
const MACHINE_COLUMNS: Column<OeeRow>[] = [
  { header: 'Machine', value: (r) => r.machine_id },
  ...kpiColumns((r) => r.machine_id ?? ''),
];
const SHIFT_COLUMNS: Column<OeeRow>[] = [
  { header: 'Machine', value: (r) => r.machine_id },
  { header: 'Shift', value: (r) => r.shift_id },
  ...kpiColumns((r) => `${r.machine_id}-${r.shift_id}`),
];

export default function OeePage() {
  const t = useTime();
  const period = usePeriod();
  const dayQ =
    period.from && period.to
      ? withQuery('api/oee', { factory: t.factory, from: period.from, to: period.to })
      : null;
  const trendQ =
    t.day && t.days[0]
      ? withQuery('api/oee/trend', { factory: t.factory, from: t.days[0], to: t.day })
      : null;
  const day = useApi<OeeAnswer>(dayQ);
  const trend = useApi<OeeTrendAnswer>(trendQ);
  const d = day.data;
  // Asked after the first answer of the same period: the summary does not wait for the detail.
  const shiftsQ =
    d && dayQ && !day.loading && period.from && period.to
      ? withQuery('api/oee/shifts', { factory: t.factory, from: period.from, to: period.to })
      : null;
  const detail = useApi<OeeShiftsAnswer>(shiftsQ);
  const total = d?.total ?? null;
  const waterfall = useMemo(() => (d?.waterfall ? waterfallOption(d.waterfall) : null), [d]);
  const trendChart = useMemo(() => (trend.data ? trendOption(trend.data.days) : null), [trend.data]);
  const shifts = (detail.data?.machineShifts ?? []).filter((r) => r.shift_id !== null);

  return (
    <div data-testid="page-oee" className="grid2">
      <Panel
        title={`OEE ${period.label}`}
        actions={<ScopeSelect period={period} />}
        loading={day.loading && !d}
        error={day.error}
        empty={!total}
        testId="oee-summary"
      >
        <div className="row">
          {RATIOS.map((k) => (
            <KpiTile key={k} kpi={k} value={total?.[k]} testId={`${k}-total`} />
          ))}
          <KpiTile kpi="pq" value={total?.pq} testId="pq-total" />
          <KpiTile kpi="gq" value={total?.gq} testId="gq-total" />
          <KpiTile kpi="sq" value={total?.sq} testId="sq-total" />
        </div>
        {total?.performance_above_100 ? (
          <p className="muted" data-testid="performance-above-100">
            Performance above 100 %: an ideal rate is set too low (a data-quality finding, not clamped).
          </p>
        ) : null}
      </Panel>

      <Panel
        title="Loss waterfall"
        loading={day.loading && !d}
        error={day.error}
        empty={!waterfall}
        testId="oee-waterfall"
      >
        {waterfall ? <Chart option={waterfall} height={300} testId="waterfall-chart" /> : null}
        <div className="row">
          {(d?.waterfall ?? []).map((s) => (
            <KpiValue
              key={s.key}
              kpi={STEP_KPI[s.key] ?? 'pbt'}
              value={s.seconds}
              label={s.label}
              testId={`waterfall-${s.key}`}
            />
          ))}
        </div>
      </Panel>

      <Panel
        title={`Trend ${t.days[0] ?? ''} → ${t.day ?? ''}`}
        loading={trend.loading && !trend.data}
        error={trend.error}
        empty={!trend.data?.days.length}
        testId="oee-trend"
      >
        {trendChart ? <Chart option={trendChart} height={260} testId="trend-chart" /> : null}
        <div className="row">
          <KpiValue
            kpi="oee"
            value={trend.data?.total?.oee}
            label={`OEE over ${trend.data?.total?.days ?? 0} days`}
            testId="oee-range"
          />
        </div>
      </Panel>

      <Panel
        title="Machines"
        loading={day.loading && !d}
        error={day.error}
        empty={!d?.machines.length}
        testId="oee-machines"
        className="wide"
      >
        <KpiTable rows={d?.machines ?? []} columns={MACHINE_COLUMNS} rowKey={(r) => r.machine_id ?? ''} />
      </Panel>

      <Panel
        title="Machine × shift"
        loading={!detail.data}
        error={day.error ?? detail.error}
        empty={!shifts.length}
        testId="oee-shifts"
        className="wide"
      >
        <KpiTable rows={shifts} columns={SHIFT_COLUMNS} rowKey={(r) => `${r.machine_id}/${r.shift_id}`} />
      </Panel>
    </div>
  );
}
