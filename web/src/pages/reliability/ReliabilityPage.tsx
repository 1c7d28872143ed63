/**
 * Reliability: the machine state timeline of the selected day (with the shared clock on it; a page
 * of TIMELINE_MACHINES machines at a time, as the API sends them), MTBF
 * (ISO 22400: operating time between failures) and MTTR for the factory and each machine, the
 * failures of the day, and failures per day up to it. No failure shows MTBF "no data", never 0.
 */
import { useEffect, useMemo, useState } from 'react';
import { useApi, withQuery } from '../../api.ts';
import { Chart } from '../../components/Chart.tsx';
import { type Column, KpiTable } from '../../components/KpiTable.tsx';
import { KpiTile, KpiValue } from '../../components/KpiValue.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ScopeSelect, usePeriod } from '../../components/scope.tsx';
import type { ChartOption } from '../../echarts.ts';
import { midnightMs } from '../../plant-clock.ts';
import { useTime } from '../../time.tsx';
import { plantTime, timelineData, timelineOption } from './timeline.ts';
import type { FailureRow, ReliabilityAnswer, ReliabilityRow, TimelineAnswer } from './types.ts';
import './reliability.css';

function failuresTrend(days: ReliabilityRow[]): ChartOption {
  return {
    grid: { left: 40, right: 48, top: 32, bottom: 28 },
    legend: { top: 0, textStyle: { color: '#dde3ea' } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((d) => d.event_date), axisLabel: { color: '#8796a5' } },
    yAxis: [
      {
        type: 'value',
        name: 'failures',
        minInterval: 1,
        axisLabel: { color: '#8796a5' },
        splitLine: { lineStyle: { color: '#2a3440' } },
      },
      { type: 'value', name: 'MTTR min', axisLabel: { color: '#8796a5' }, splitLine: { show: false } },
    ],
    series: [
      { name: 'Failures', type: 'bar', data: days.map((d) => d.failures), itemStyle: { color: '#ef5b5b' } },
      {
        name: 'MTTR (min)',
        type: 'line',
        yAxisIndex: 1,
        data: days.map((d) => (d.mttr_s === null ? null : d.mttr_s / 60)),
        connectNulls: false,
      },
    ],
  };
}

/** Machines per timeline page (the API's default page, src/server/routes/reliability.ts). */
const TIMELINE_MACHINES = 20;

function MachinePager({ page, count, onPage }: { page: number; count: number; onPage(p: number): void }) {
  const pages = Math.ceil(count / TIMELINE_MACHINES);
  if (pages <= 1) return null;
  const first = page * TIMELINE_MACHINES + 1;
  const last = Math.min(count, (page + 1) * TIMELINE_MACHINES);
  return (
    <fieldset className="speeds" aria-label="machines shown">
      <button
        type="button"
        data-testid="timeline-prev"
        disabled={page === 0}
        onClick={() => onPage(page - 1)}
      >
        ‹
      </button>
      <span className="muted" data-testid="timeline-range">
        machines {first}–{last} of {count}
      </span>
      <button
        type="button"
        data-testid="timeline-next"
        disabled={page >= pages - 1}
        onClick={() => onPage(page + 1)}
      >
        ›
      </button>
    </fieldset>
  );
}

const MACHINE_COLUMNS: Column<ReliabilityRow>[] = [
  { header: 'Machine', value: (m) => m.machine_id },
  { header: 'MTBF', kpi: 'mtbf', value: (m) => m.mtbf_s, testId: (m) => `mtbf-${m.machine_id}` },
  { header: 'MTTR', kpi: 'mttr', value: (m) => m.mttr_s, testId: (m) => `mttr-${m.machine_id}` },
  {
    header: 'Failures',
    kpi: 'failures',
    value: (m) => m.failures,
    testId: (m) => `failures-${m.machine_id}`,
  },
  { header: 'Restorations', kpi: 'restorations', value: (m) => m.restorations },
  { header: 'Operating', kpi: 'operating_time', value: (m) => m.operating_s },
];

function failureColumns(tz: string | null): Column<FailureRow>[] {
  return [
    { header: 'Machine', value: (f) => f.machine_id },
    { header: 'Mode', value: (f) => f.failure_mode },
    { header: 'Failed', value: (f) => plantTime(Date.parse(f.failed_at), tz, true) },
    {
      header: 'Restored',
      value: (f) => (f.restored_at ? plantTime(Date.parse(f.restored_at), tz, true) : 'not yet'),
    },
    { header: 'TTR', kpi: 'ttr', value: (f) => f.ttr_s, testId: (f) => `ttr-${f.failure_key}` },
  ];
}

export default function ReliabilityPage() {
  const t = useTime();
  const period = usePeriod();
  const [machinePage, setMachinePage] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another factory starts at its first page
  useEffect(() => setMachinePage(0), [t.factory]);
  const range = t.day
    ? {
        factory: t.factory,
        from: t.day,
        to: t.day,
        offset: machinePage * TIMELINE_MACHINES,
        machines: TIMELINE_MACHINES,
      }
    : null;
  const day = useApi<ReliabilityAnswer>(
    period.from && period.to
      ? withQuery('api/reliability', { factory: t.factory, from: period.from, to: period.to })
      : null,
  );
  const timeline = useApi<TimelineAnswer>(range ? withQuery('api/reliability/timeline', range) : null);
  const trend = useApi<ReliabilityAnswer>(
    t.day && t.days[0]
      ? withQuery('api/reliability', { factory: t.factory, from: t.days[0], to: t.day })
      : null,
  );
  const tz = t.factories.find((f) => f.id === t.factory)?.timezone ?? null;
  const data = useMemo(() => (timeline.data ? timelineData(timeline.data) : null), [timeline.data]);
  // The clock counts from the instant of plant-local midnight (plant-clock.ts), not from the first bar.
  const clockMs = data && t.day ? midnightMs(t.day, tz) + t.clock * 1000 : null;
  const option = useMemo(
    () => (data?.machines.length ? timelineOption(data, tz, clockMs) : null),
    [data, tz, clockMs],
  );
  const trendOption = useMemo(() => (trend.data ? failuresTrend(trend.data.days) : null), [trend.data]);
  const total = day.data?.total ?? null;

  return (
    <div data-testid="page-reliability" className="grid2">
      <Panel
        title={`Reliability ${period.label}`}
        actions={<ScopeSelect period={period} />}
        loading={day.loading && !day.data}
        error={day.error}
        empty={!total}
        testId="reliability-summary"
      >
        <div className="row">
          <KpiTile kpi="mtbf" value={total?.mtbf_s} testId="mtbf-total" />
          <KpiTile kpi="mttr" value={total?.mttr_s} testId="mttr-total" />
          <KpiTile kpi="failures" value={total?.failures} testId="failures-total" />
          <KpiTile kpi="restorations" value={total?.restorations} testId="restorations-total" />
          <KpiTile kpi="ttr" value={total?.ttr_s} testId="ttr-total" />
          <KpiTile kpi="operating_time" value={total?.operating_s} testId="operating-total" />
        </div>
      </Panel>

      <Panel
        title={`Failures per day ${t.days[0] ?? ''} → ${t.day ?? ''}`}
        loading={trend.loading && !trend.data}
        error={trend.error}
        empty={!trend.data?.days.length}
        testId="reliability-trend"
      >
        {trendOption ? <Chart option={trendOption} height={220} testId="failures-chart" /> : null}
        <div className="row">
          <KpiValue
            kpi="mtbf"
            value={trend.data?.total?.mtbf_s}
            label="MTBF over the days"
            testId="mtbf-range"
          />
          <KpiValue
            kpi="mttr"
            value={trend.data?.total?.mttr_s}
            label="MTTR over the days"
            testId="mttr-range"
          />
        </div>
      </Panel>

      <Panel
        title={`Failures ${period.label}`}
        loading={day.loading && !day.data}
        error={day.error}
        empty={Boolean(day.data?.note)}
        testId="failure-list"
      >
        {day.data && day.data.failures.length === 0 ? (
          <p className="muted" data-testid="no-failures">
            no failure started in this period
          </p>
        ) : null}
        <KpiTable
          rows={day.data?.failures ?? []}
          columns={failureColumns(tz)}
          rowKey={(f) => f.failure_key}
          rowTestId={(f) => `failure-${f.machine_id}`}
        />
      </Panel>
      <Panel
        title={`Machine state timeline ${t.day ?? ''}`}
        loading={timeline.loading && !timeline.data}
        error={timeline.error}
        empty={!option}
        testId="state-timeline"
        className="wide"
        actions={
          <MachinePager page={machinePage} count={timeline.data?.machineCount ?? 0} onPage={setMachinePage} />
        }
      >
        {option ? (
          <Chart
            option={option}
            height={Math.max(160, 60 + (data?.machines.length ?? 0) * 34)}
            testId="timeline-chart"
          />
        ) : null}
        {timeline.data?.truncated ? (
          <p className="muted">showing the first intervals only (limit reached)</p>
        ) : null}
      </Panel>

      <Panel
        title="Machines"
        loading={day.loading && !day.data}
        error={day.error}
        empty={!day.data?.machines.length}
        testId="reliability-machines"
        className="wide"
      >
        <KpiTable
          rows={day.data?.machines ?? []}
          columns={MACHINE_COLUMNS}
          rowKey={(m) => m.machine_id ?? ''}
        />
      </Panel>
    </div>
  );
}
