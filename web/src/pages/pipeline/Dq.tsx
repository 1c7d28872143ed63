/** Data-quality results: passed/warned/failed per invocation, and the newest one's checks. */
import { useMemo } from 'react';
import { useApi } from '../../api.ts';
import { Chart } from '../../components/Chart.tsx';
import { Panel } from '../../components/Panel.tsx';
import { Table } from '../../components/Table.tsx';
import type { ChartOption } from '../../echarts.ts';
import type { DqCheck, DqRun } from './types.ts';

export function Dq() {
  const api = useApi<{ runs: DqRun[] | null; checks: DqCheck[] | null }>('api/pipeline/dq?limit=300');
  const runs = useMemo(() => [...(api.data?.runs ?? [])].reverse(), [api.data]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { textStyle: { color: '#8796a5' } },
      grid: { left: 40, right: 10, top: 30, bottom: 60 },
      xAxis: {
        type: 'category',
        data: runs.map((r) => r.invocation_id),
        axisLabel: { color: '#8796a5', rotate: 30, fontSize: 9 },
      },
      yAxis: {
        type: 'value',
        axisLabel: { color: '#8796a5' },
        splitLine: { lineStyle: { color: '#2a3440' } },
      },
      series: [
        { name: 'passed', type: 'bar', stack: 'c', color: '#3ecf8e', data: runs.map((r) => r.passed) },
        { name: 'warned', type: 'bar', stack: 'c', color: '#f5b942', data: runs.map((r) => r.warned) },
        { name: 'failed', type: 'bar', stack: 'c', color: '#ef5b5b', data: runs.map((r) => r.failed) },
      ],
    }),
    [runs],
  );
  const checks = (api.data?.checks ?? []).filter((c) => c.status !== 'PASS');
  const newest = api.data?.runs?.[0];
  return (
    <Panel
      title="Data-quality results"
      testId="dq-results"
      loading={api.loading && !api.data}
      error={api.error}
      empty={runs.length === 0}
    >
      <Chart option={option} height={200} testId="dq-chart" />
      <h3 className="muted" data-testid="dq-newest">
        {newest
          ? `${newest.invocation_id}: ${newest.passed} passed, ${newest.warned} warned, ${newest.failed} failed of ${newest.checks}`
          : ''}
      </h3>
      <Table
        testId="dq-checks"
        rows={checks}
        rowKey={(r) => r.check_name}
        columns={[
          { key: 'check_name', label: 'check' },
          { key: 'severity', label: 'severity' },
          {
            key: 'status',
            label: 'status',
            cellClass: (r) => `status-${r.status === 'PASS' ? 'PASS' : r.severity}`,
          },
          { key: 'failing_rows', label: 'failing rows', kpi: 'failing_rows' },
        ]}
      />
    </Panel>
  );
}
