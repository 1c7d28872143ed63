/** Stacked good / defective bars (components per machine, widgets per station × type) and stock levels. */
import type { ChartOption } from '../../echarts.ts';
import type { InventoryRow } from './types.ts';

const AXIS = { color: '#8796a5' };
const SPLIT = { lineStyle: { color: '#2a3440' } };

export function goodDefectiveOption(labels: string[], good: number[], defective: number[]): ChartOption {
  return {
    grid: { left: 150, right: 24, top: 28, bottom: 24 },
    legend: { top: 0, textStyle: { color: '#dde3ea' } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', axisLabel: AXIS, splitLine: SPLIT },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { color: '#dde3ea', fontSize: 11 } },
    series: [
      { name: 'Good', type: 'bar', stack: 'u', data: good, itemStyle: { color: '#3ecf8e' } },
      { name: 'Defective', type: 'bar', stack: 'u', data: defective, itemStyle: { color: '#ef5b5b' } },
    ],
  };
}

export function stockOption(rows: InventoryRow[]): ChartOption {
  return {
    grid: { left: 150, right: 24, top: 28, bottom: 24 },
    legend: { top: 0, textStyle: { color: '#dde3ea' } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', axisLabel: AXIS, splitLine: SPLIT },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.location),
      inverse: true,
      axisLabel: { color: '#dde3ea', fontSize: 11 },
    },
    series: [
      {
        name: 'Opening',
        type: 'bar',
        data: rows.map((r) => r.opening_on_hand),
        itemStyle: { color: '#4f6a8a' },
      },
      {
        name: 'Closing',
        type: 'bar',
        data: rows.map((r) => r.closing_on_hand),
        itemStyle: { color: '#4fa3ff' },
      },
    ],
  };
}
