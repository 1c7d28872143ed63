/**
 * The machine state timeline (like Grafana's state timeline) as an ECharts custom series: one row
 * per machine, one coloured bar per state interval, one series per state so the legend can hide a
 * state. Times on the axis are plant-local; a vertical line marks the shared clock.
 */
import type { ChartOption } from '../../echarts.ts';
import type { TimelineAnswer } from './types.ts';

export const STATE_COLORS: Record<string, string> = {
  producing: '#3ecf8e',
  setup: '#4fa3ff',
  minor_stop: '#f5b942',
  reduced_speed: '#d9a53a',
  failed: '#ef5b5b',
  planned_maintenance: '#a77bf3',
  starved: '#e48a3c',
  blocked: '#b86b3a',
  idle: '#6b7785',
  off_shift: '#2a3440',
};

interface RenderApi {
  value(i: number): number;
  coord(v: [number, number]): [number, number];
  size(v: [number, number]): [number, number];
}
interface RenderParams {
  coordSys: { x: number; y: number; width: number; height: number };
}

export function plantTime(ms: number, timeZone: string | null, withDate = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timeZone ?? 'UTC',
    hour: '2-digit',
    minute: '2-digit',
    ...(withDate ? { month: '2-digit', day: '2-digit' } : {}),
  }).format(ms);
}

export interface TimelineData {
  machines: string[];
  start: number;
  end: number;
  byState: Map<string, [number, number, number, number, string][]>;
}

export function timelineData(t: TimelineAnswer): TimelineData {
  // Rows in the answer's order (machines by id); bars grouped by state for the legend.
  const byState = new Map<string, [number, number, number, number, string][]>();
  const base = t.base ?? 0;
  t.machines.forEach((m, row) => {
    const reasons = new Map(m.reasonIndex.map((i, k) => [i, m.reasons[k] ?? '']));
    m.state.forEach((st, i) => {
      const s = base + (m.start[i] as number) * 1000;
      const e = base + (m.end[i] as number) * 1000;
      const state = t.states[st] ?? 'unknown';
      const list = byState.get(state) ?? [];
      list.push([row, s, e, (e - s) / 1000, reasons.get(i) ?? '']);
      byState.set(state, list);
    });
  });
  return {
    machines: t.machines.map((m) => m.id),
    start: t.base ?? Number.NaN,
    end: t.end ?? Number.NaN,
    byState,
  };
}

export function timelineOption(
  d: TimelineData,
  timeZone: string | null,
  clockMs: number | null,
): ChartOption {
  const states = [...d.byState.keys()].sort(
    (a, b) => Object.keys(STATE_COLORS).indexOf(a) - Object.keys(STATE_COLORS).indexOf(b),
  );
  return {
    animation: false,
    grid: { left: 130, right: 16, top: 36, bottom: 28 },
    legend: { top: 0, textStyle: { color: '#dde3ea' } },
    tooltip: {
      formatter: (p: unknown) => {
        const { seriesName, value } = p as {
          seriesName: string;
          value: [number, number, number, number, string];
        };
        const [m, s, e, dur, reason] = value;
        return `${d.machines[m]}<br/><b>${seriesName}</b>${reason ? ` (${reason})` : ''}<br/>${plantTime(s, timeZone)} – ${plantTime(e, timeZone)} · ${(dur / 60).toFixed(1)} min`;
      },
    },
    xAxis: {
      type: 'time',
      min: d.start,
      max: d.end,
      axisLabel: { color: '#8796a5', formatter: (v: number) => plantTime(v, timeZone) },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'category',
      data: d.machines,
      inverse: true,
      axisLabel: { color: '#dde3ea' },
    },
    series: states.map((state, i) => ({
      name: state,
      type: 'custom',
      itemStyle: { color: STATE_COLORS[state] ?? '#999' },
      encode: { x: [1, 2], y: 0 },
      data: d.byState.get(state),
      renderItem: (params: RenderParams, api: RenderApi) => {
        const y = api.value(0);
        const a = api.coord([api.value(1), y]);
        const b = api.coord([api.value(2), y]);
        const h = api.size([0, 1])[1] * 0.7;
        const cs = params.coordSys;
        const x0 = Math.max(a[0], cs.x);
        const x1 = Math.min(b[0], cs.x + cs.width);
        if (x1 <= x0) return null;
        return {
          type: 'rect',
          shape: { x: x0, y: a[1] - h / 2, width: Math.max(x1 - x0, 0.5), height: h },
          style: { fill: STATE_COLORS[state] ?? '#999' },
        };
      },
      ...(i === 0 && clockMs !== null
        ? {
            markLine: {
              symbol: 'none',
              silent: true,
              label: { formatter: plantTime(clockMs, timeZone), color: '#dde3ea' },
              lineStyle: { color: '#dde3ea', type: 'dashed' },
              data: [{ xAxis: clockMs }],
            },
          }
        : {}),
    })),
  };
}
