/**
 * An ECharts chart that follows its `option` and its box size. ECharts (the bulk of the bundle) is
 * loaded on demand, so a page's KPIs show before its charts are ready.
 */
import { lazy, Suspense } from 'react';
import type { ChartOption } from '../echarts.ts';

export interface ChartProps {
  option: ChartOption;
  height?: number | string;
  testId?: string;
  /** Handlers by ECharts event name (`click`, …). */
  onEvents?: Record<string, (params: unknown) => void>;
}

const EChart = lazy(() => import('./EChart.tsx'));

export function Chart(props: ChartProps) {
  return (
    <Suspense fallback={<div className="chart" style={{ height: props.height ?? 280 }} />}>
      <EChart {...props} />
    </Suspense>
  );
}
