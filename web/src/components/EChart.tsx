/** The ECharts chart behind `Chart` (loaded on demand: see Chart.tsx). */
import { useEffect, useRef } from 'react';
import { echarts } from '../echarts.ts';
import type { ChartProps } from './Chart.tsx';

export default function EChart({ option, height = 280, testId, onEvents }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // No animation: charts show the data at once (first render, screenshots).
    chart.current?.setOption({ animation: false, ...option }, { notMerge: true, lazyUpdate: true });
  }, [option]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !onEvents) return;
    for (const [name, fn] of Object.entries(onEvents)) c.on(name, fn);
    return () => {
      for (const [name, fn] of Object.entries(onEvents)) c.off(name, fn);
    };
  }, [onEvents]);

  return <div ref={el} className="chart" style={{ height }} data-testid={testId} />;
}
