/** The defect Pareto (bars by reason, cumulative share line) and scrap per machine as ECharts options. */
import type { ChartOption } from '../../echarts.ts';
import type { ParetoRow, ScrapRow } from './types.ts';

const AXIS = { color: '#8796a5' };
const SPLIT = { lineStyle: { color: '#2a3440' } };

export function paretoOption(rows: ParetoRow[]): ChartOption {
  return {
    grid: { left: 44, right: 52, top: 32, bottom: 60 },
    legend: { top: 0, textStyle: { color: '#dde3ea' } },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.reason),
      axisLabel: { ...AXIS, rotate: 20, fontSize: 11 },
    },
    yAxis: [
      { type: 'value', name: 'defects', minInterval: 1, axisLabel: AXIS, splitLine: SPLIT },
      {
        type: 'value',
        min: 0,
        max: 1,
        axisLabel: { ...AXIS, formatter: (v: number) => `${Math.round(v * 100)} %` },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: 'Occurrences',
        type: 'bar',
        data: rows.map((r) => r.occurrences),
        itemStyle: { color: '#ef5b5b' },
      },
      {
        name: 'Cumulative share',
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) => r.cumulative_share),
        tooltip: { valueFormatter: (v: unknown) => `${((v as number) * 100).toFixed(1)} %` },
        markLine: {
          symbol: 'none',
          silent: true,
          label: { formatter: '80 %', color: '#f5b942' },
          lineStyle: { type: 'dashed', color: '#f5b942' },
          data: [{ yAxis: 0.8 }],
        },
      },
    ],
  };
}

export function scrapOption(rows: ScrapRow[], key: 'machine_id' | 'product_name'): ChartOption {
  return {
    grid: { left: 110, right: 24, top: 28, bottom: 24 },
    legend: { top: 0, textStyle: { color: '#dde3ea' } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', axisLabel: AXIS, splitLine: SPLIT },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r[key] ?? ''),
      inverse: true,
      axisLabel: { color: '#dde3ea' },
    },
    series: [
      { name: 'Good', type: 'bar', stack: 'u', data: rows.map((r) => r.gq), itemStyle: { color: '#3ecf8e' } },
      {
        name: 'Scrap',
        type: 'bar',
        stack: 'u',
        data: rows.map((r) => r.sq),
        itemStyle: { color: '#ef5b5b' },
      },
    ],
  };
}
