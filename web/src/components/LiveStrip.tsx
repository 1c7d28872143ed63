/** Stream lag and throughput from the live feed; "no stream" when no ingester runs. */
import { type StreamStatus, useLive } from '../live.ts';
import { KpiValue } from './KpiValue.tsx';

export function LiveStrip() {
  const stream = useLive<StreamStatus | null>('stream');
  if (!stream || stream.streams.length === 0)
    return (
      <div className="live-strip" data-testid="live-strip">
        <span className="muted">no stream</span>
      </div>
    );
  const total = stream.streams.reduce((a, s) => a + s.eventsPerSec, 0);
  const lags = stream.streams.map((s) => s.lagSeconds).filter((x): x is number => x !== null);
  const pending = stream.streams.reduce((a, s) => a + s.pending, 0);
  return (
    <div className="live-strip" data-testid="live-strip">
      <KpiValue kpi="events_per_sec" value={total} label testId="stream-throughput" />
      <KpiValue kpi="stream_lag" value={lags.length ? Math.max(...lags) : 0} label testId="stream-lag" />
      <KpiValue kpi="pending" value={pending} label testId="stream-pending" />
      <span className="muted">{stream.streams.length} consumers</span>
    </div>
  );
}
