/** Factory and day selectors, play/pause, speed and the plant clock: the shared time controls. */
import { plantClockText } from '../plant-clock.ts';
import { SPEEDS, type Speed, useTime } from '../time.tsx';

export function DaySelector() {
  const t = useTime();
  if (t.loading && t.days.length === 0) return <span className="muted">loading days…</span>;
  if (t.days.length === 0)
    return (
      <span className="muted" data-testid="no-days">
        no data
      </span>
    );
  return (
    <span className="day-selector">
      {t.factories.length > 1 ? (
        <select
          aria-label="factory"
          data-testid="factory-select"
          value={t.factory ?? ''}
          onChange={(e) => t.setFactory(e.target.value)}
        >
          {t.factories.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      ) : null}
      <select
        aria-label="day"
        data-testid="day-select"
        value={t.day ?? ''}
        onChange={(e) => t.setDay(e.target.value)}
      >
        {t.days.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
    </span>
  );
}

export function TimeControls() {
  const t = useTime();
  const i = t.day ? t.days.indexOf(t.day) : -1;
  const progress = t.days.length ? (i + t.clock / t.dayLength) / t.days.length : 0;
  return (
    <div className="time-controls" data-testid="time-controls">
      <DaySelector />
      <button
        type="button"
        data-testid="play"
        onClick={() => t.setPlaying(!t.playing)}
        disabled={t.days.length === 0}
      >
        {t.playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <fieldset className="speeds" aria-label="speed">
        {SPEEDS.map((s: Speed) => (
          <button
            type="button"
            key={s}
            data-testid={`speed-${s}`}
            className={t.speed === s ? 'active' : ''}
            aria-pressed={t.speed === s}
            onClick={() => t.setSpeed(s)}
          >
            {s}×
          </button>
        ))}
      </fieldset>
      <span className="clock" data-testid="clock" title="plant-local time inside the selected day">
        {plantClockText(t.day, t.zone, t.clock)}
      </span>
      <progress data-testid="progress" max={1} value={progress} />
    </div>
  );
}
