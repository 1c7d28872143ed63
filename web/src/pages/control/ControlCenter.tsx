/**
 * The Control center (seed 001's four quadrants) for the selected day at the clock: production
 * floor, machine health, product flow, data-quality alerts.
 */
import { useEffect, useRef } from 'react';
import { useApi, withQuery } from '../../api.ts';
import { useLive } from '../../live.ts';
import { useTime } from '../../time.tsx';
import { Floor } from './Floor.tsx';
import { Flow } from './Flow.tsx';
import { Health } from './Health.tsx';
import { Quality } from './Quality.tsx';
import type { FloorAnswer, FlowAnswer, HealthAnswer, QualityAnswer, TimelineAnswer } from './types.ts';

export default function ControlCenter() {
  const t = useTime();
  const q = (path: string) => (t.day ? withQuery(path, { day: t.day, factory: t.factory }) : null);
  const floor = useApi<FloorAnswer>(q('api/control/floor'));
  const timeline = useApi<TimelineAnswer>(q('api/control/timeline'));
  const health = useApi<HealthAnswer>(q('api/control/health'));
  const flow = useApi<FlowAnswer>(q('api/control/flow'));
  const quality = useApi<QualityAnswer>(q('api/control/quality'));
  // A finished run may have rebuilt the day on screen: fetch again.
  const kpis = useLive<unknown>('kpis');
  const seen = useRef<unknown>(undefined);
  const { reload: r1 } = floor;
  const { reload: r2 } = health;
  const { reload: r3 } = flow;
  const { reload: r4 } = quality;
  const { reload: r5 } = timeline;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch only when new KPIs arrive
  useEffect(() => {
    // The feed's first message is the state at connect time: nothing new yet.
    const first = seen.current === undefined;
    seen.current = kpis;
    if (kpis === undefined || first) return;
    r1();
    r2();
    r3();
    r4();
    r5();
  }, [kpis]);
  if (!t.loading && t.days.length === 0)
    return (
      <div data-testid="page-control" className="no-data">
        no data: gold has not been built yet (run the daily pipeline)
      </div>
    );
  return (
    <div data-testid="page-control" className="quad">
      <Floor
        data={floor.data}
        timeline={timeline.data}
        loading={floor.loading}
        error={floor.error ?? timeline.error}
        clock={t.clock}
      />
      <Health
        data={health.data}
        loading={health.loading}
        error={health.error}
        day={t.day}
        clock={t.clock}
        zone={t.zone}
      />
      <Flow data={flow.data} loading={flow.loading} error={flow.error} />
      <Quality
        data={quality.data}
        loading={quality.loading}
        error={quality.error}
        clock={t.clock}
        zone={t.zone}
        day={t.day}
      />
    </div>
  );
}
