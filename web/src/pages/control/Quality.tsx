/**
 * Quadrant 4, data-quality alerts: what the cleaning found that day (nulls, spellings, duplicates,
 * late data, quarantine, outliers) and the event log; events after the clock are dimmed.
 */
import { KpiTile } from '../../components/KpiValue.tsx';
import { Panel } from '../../components/Panel.tsx';
import { plantClockText, secondsIntoDay } from '../../plant-clock.ts';
import type { QualityAnswer } from './types.ts';

export function Quality({
  data,
  loading,
  error,
  clock,
  zone,
  day,
}: {
  data: QualityAnswer | null;
  loading: boolean;
  error: string | null;
  clock: number;
  zone: string | null;
  day: string | null;
}) {
  const s = data?.summary ?? null;
  const events = data?.events ?? [];
  return (
    <Panel
      title="Data-quality alerts"
      testId="dq"
      loading={loading && !data}
      error={error}
      empty={!loading && !s}
    >
      <div className="row">
        <KpiTile kpi="null_rate" value={s?.null_rate} testId="dq-null-rate" />
        <KpiTile
          kpi="spellings"
          value={s ? s.product_spellings + s.machine_spellings : null}
          testId="dq-spellings"
        />
        <KpiTile kpi="duplicates" value={s?.duplicated_batches} testId="dq-duplicates" />
        <KpiTile
          kpi="late_rows"
          value={s ? s.late_batches + (s.late_readings ?? 0) : null}
          testId="dq-late"
        />
        <KpiTile kpi="quarantined" value={s?.quarantined} testId="dq-quarantined" />
      </div>
      <div className="log" data-testid="dq-events">
        {events.length === 0 ? <div className="muted">no events</div> : null}
        {events.map((e, i) => {
          const t = day ? secondsIntoDay(e.at, day, zone) : 0;
          return (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: the log is replaced whole, never reordered
              key={i}
              className={t > clock ? 'muted' : ''}
              data-kind={e.kind}
            >
              {plantClockText(day, zone, t)} <b>{e.kind}</b> {e.subject}: {e.detail}
            </div>
          );
        })}
      </div>
    </Panel>
  );
}
