/**
 * The period a page rolls up, ending on the shared selected day: that day, the 7 calendar days up to
 * it, or every day up to it. The API sums times and counts over the period and divides once. The
 * choice is kept while moving between the OEE, Reliability, Quality and Widgets pages.
 */
import { useState } from 'react';
import { useTime } from '../time.tsx';

export type Scope = 'day' | 'week' | 'all';
const LABELS: Record<Scope, string> = { day: 'Day', week: '7 days', all: 'To date' };
let remembered: Scope = 'day';

export interface Period {
  scope: Scope;
  setScope(s: Scope): void;
  from: string | null;
  to: string | null;
  /** `2025-12-05` or `2025-11-29 → 2025-12-05`. */
  label: string;
}

function minusDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

export function usePeriod(): Period {
  const t = useTime();
  const [scope, set] = useState<Scope>(remembered);
  const setScope = (s: Scope) => {
    remembered = s;
    set(s);
  };
  const to = t.day;
  const first = t.days[0] ?? null;
  let from: string | null = to;
  if (to && scope === 'all') from = first ?? to;
  if (to && scope === 'week') {
    const back = minusDays(to, 6);
    from = first && first > back ? first : back;
  }
  const label = !to ? '' : from === to ? to : `${from} → ${to}`;
  return { scope, setScope, from, to, label };
}

export function ScopeSelect({ period }: { period: Period }) {
  return (
    <fieldset className="speeds" aria-label="period">
      {(Object.keys(LABELS) as Scope[]).map((s) => (
        <button
          type="button"
          key={s}
          data-testid={`scope-${s}`}
          className={period.scope === s ? 'active' : ''}
          aria-pressed={period.scope === s}
          title={
            s === 'day'
              ? 'The selected day'
              : s === 'week'
                ? 'The 7 days up to the selected day: times and counts summed, divided once'
                : 'Every day up to the selected day: times and counts summed, divided once'
          }
          onClick={() => period.setScope(s)}
        >
          {LABELS[s]}
        </button>
      ))}
    </fieldset>
  );
}
