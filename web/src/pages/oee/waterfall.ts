/**
 * The loss waterfall as an ECharts option: totals and subtotals stand on 0, each loss hangs from the
 * level left by the step before (an invisible base bar under a visible one). Hours on the axis.
 */
import type { ChartOption } from '../../echarts.ts';
import type { WaterfallStep } from './types.ts';

const SHORT: Record<string, string> = {
  pot: 'POT',
  planned_downtime: 'Planned down',
  pbt: 'PBT',
  asut: 'Setup',
  down: 'Failures',
  adet: 'Minor stops',
  adot: 'Waiting',
  apt: 'APT',
  performance_loss: 'Speed loss',
  net: 'Net time',
  quality_loss: 'Quality loss',
  fully_productive: 'Fully productive',
};
const COLORS = { total: '#4fa3ff', subtotal: '#7fb8ff', loss: '#ef5b5b', gain: '#3ecf8e' };

export function waterfallOption(steps: WaterfallStep[]): ChartOption {
  let level = 0;
  const base: (number | null)[] = [];
  const value: { value: number | null; itemStyle: { color: string } }[] = [];
  for (const s of steps) {
    const h = s.seconds === null ? null : s.seconds / 3600;
    if (h === null) {
      base.push(null);
      value.push({ value: null, itemStyle: { color: COLORS.loss } });
    } else if (s.kind === 'loss') {
      const after = level - h;
      base.push(Math.min(level, after));
      value.push({ value: Math.abs(h), itemStyle: { color: h >= 0 ? COLORS.loss : COLORS.gain } });
      level = after;
    } else {
      base.push(0);
      value.push({ value: h, itemStyle: { color: COLORS[s.kind] } });
      level = h;
    }
  }
  return {
    grid: { left: 60, right: 16, top: 28, bottom: 70 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const p = (params as { dataIndex: number }[])[0];
        const s = p ? steps[p.dataIndex] : undefined;
        if (!s) return '';
        return `${s.label}<br/>${s.seconds === null ? 'no data' : `${(s.seconds / 3600).toFixed(2)} h`}`;
      },
    },
    xAxis: {
      type: 'category',
      data: steps.map((s) => SHORT[s.key] ?? s.label),
      axisLabel: { rotate: 35, color: '#8796a5', fontSize: 11 },
    },
    yAxis: {
      type: 'value',
      name: 'hours',
      axisLabel: { color: '#8796a5' },
      splitLine: { lineStyle: { color: '#2a3440' } },
    },
    series: [
      { type: 'bar', stack: 'w', data: base, itemStyle: { color: 'transparent' }, silent: true },
      { type: 'bar', stack: 'w', data: value, barMaxWidth: 48 },
    ],
  };
}
