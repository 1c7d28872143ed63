/**
 * Quadrant 2, machine health: efficiency per machine over every day (the degrading smelter's line
 * falls; the dashed line is the selected day), and temperature/pressure gauges for one machine at
 * the clock's hour.
 */
import { useMemo, useState } from 'react';
import { Chart } from '../../components/Chart.tsx';
import { KpiValue } from '../../components/KpiValue.tsx';
import { Panel } from '../../components/Panel.tsx';
import type { ChartOption } from '../../echarts.ts';
import { wallSeconds } from '../../plant-clock.ts';
import type { HealthAnswer, SensorRow } from './types.ts';

/** The newest hour at or before a wall time (seconds of the wall day) with a reading of the measure. */
export function sensorAt(rows: SensorRow[], clock: number, key: 'temperature_c_avg' | 'pressure_bar_avg') {
  const hour = Math.floor(clock / 3600);
  let best: SensorRow | null = null;
  for (const r of rows) if (r.hour <= hour && r[key] !== null && (!best || r.hour > best.hour)) best = r;
  return best ? (best[key] as number) : null;
}

function gauge(name: string, value: number | null, min: number, max: number, unit: string): ChartOption {
  return {
    series: [
      {
        type: 'gauge',
        min,
        max,
        radius: '92%',
        progress: { show: true, width: 10 },
        axisLine: { lineStyle: { width: 10 } },
        axisLabel: { color: '#8796a5', distance: 14, fontSize: 9 },
        splitLine: { length: 6 },
        axisTick: { show: false },
        pointer: { show: value !== null },
        title: { show: false },
        detail: {
          valueAnimation: false,
          color: '#dde3ea',
          fontSize: 14,
          offsetCenter: [0, '72%'],
          formatter: () => (value === null ? 'no data' : `${value.toFixed(1)} ${unit}`),
        },
        data: [{ value: value ?? min, name }],
      },
    ],
  };
}

export function Health({
  data,
  loading,
  error,
  day,
  clock,
  zone,
}: {
  data: HealthAnswer | null;
  loading: boolean;
  error: string | null;
  day: string | null;
  clock: number;
  zone: string | null;
}) {
  const eff = data?.efficiency ?? [];
  const machines = useMemo(() => [...new Set(eff.map((r) => r.machine_id))], [eff]);
  const days = useMemo(() => [...new Set(eff.map((r) => r.day))].sort(), [eff]);
  // The machine with the lowest efficiency that day first: the one worth watching.
  const worst = useMemo(() => {
    const today = eff.filter((r) => r.day === day && r.efficiency !== null);
    today.sort((a, b) => (a.efficiency as number) - (b.efficiency as number));
    return today[0]?.machine_id ?? machines[0] ?? null;
  }, [eff, day, machines]);
  const [picked, setPicked] = useState<string | null>(null);
  const machine = picked && machines.includes(picked) ? picked : worst;

  const lineOption = useMemo<ChartOption>(() => {
    const byMachine = new Map<string, Map<string, number | null>>();
    for (const r of eff) {
      let m = byMachine.get(r.machine_id);
      if (!m) byMachine.set(r.machine_id, (m = new Map()));
      m.set(r.day, r.efficiency === null ? null : r.efficiency * 100);
    }
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (v == null ? 'no data' : `${Number(v).toFixed(1)} %`),
      },
      legend: { type: 'scroll', textStyle: { color: '#8796a5' }, top: 0 },
      grid: { left: 44, right: 12, top: 30, bottom: 24 },
      xAxis: { type: 'category', data: days, axisLabel: { color: '#8796a5' } },
      yAxis: {
        type: 'value',
        scale: true,
        axisLabel: { color: '#8796a5', formatter: '{value} %' },
        splitLine: { lineStyle: { color: '#2a3440' } },
      },
      series: [...byMachine.entries()].map(([id, m], i) => ({
        name: id,
        type: 'line',
        showSymbol: days.length < 40,
        connectNulls: false,
        data: days.map((d) => m.get(d) ?? null),
        ...(i === 0 && day
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#4fa3ff' },
                data: [{ xAxis: day }, { yAxis: 80, lineStyle: { color: '#ef5b5b' } }],
                label: { show: false },
              },
            }
          : {}),
      })),
    };
  }, [eff, days, day]);

  const sensors = (data?.sensors ?? []).filter((r) => r.machine_id === machine);
  // Sensor hours are wall hours (hour_local): after a DST switch they differ from elapsed time.
  const wall = day ? wallSeconds(day, zone, clock) : clock;
  const temp = sensorAt(sensors, wall, 'temperature_c_avg');
  const pres = sensorAt(sensors, wall, 'pressure_bar_avg');
  const tMax = Math.max(100, Math.ceil(((temp ?? 0) * 1.25) / 100) * 100);
  const pMax = Math.max(3, Math.ceil((pres ?? 0) * 1.5));
  const current = eff.find((r) => r.machine_id === machine && r.day === day);

  return (
    <Panel
      title="Machine health"
      testId="health"
      loading={loading && !data}
      error={error}
      empty={!loading && eff.length === 0}
    >
      <Chart option={lineOption} height={220} testId="efficiency-chart" />
      <div className="row">
        <select
          aria-label="machine"
          data-testid="gauge-machine"
          value={machine ?? ''}
          onChange={(e) => setPicked(e.target.value)}
        >
          {machines.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <KpiValue kpi="efficiency" value={current?.efficiency} label testId="gauge-efficiency" />
        {current?.alert ? <span className="status-FAILED">degradation alert</span> : null}
      </div>
      <div className="row" style={{ justifyContent: 'space-around' }}>
        <div style={{ width: 200 }} title="Temperature: mean of the valid readings of the clock's hour (°C)">
          <Chart option={gauge('°C', temp, 0, tMax, '°C')} height={170} testId="gauge-temperature" />
        </div>
        <div style={{ width: 200 }} title="Pressure: mean of the valid readings of the clock's hour (bar)">
          <Chart option={gauge('bar', pres, 0, pMax, 'bar')} height={170} testId="gauge-pressure" />
        </div>
        <span data-testid="gauge-values" data-temperature={temp ?? ''} data-pressure={pres ?? ''} hidden />
      </div>
    </Panel>
  );
}
