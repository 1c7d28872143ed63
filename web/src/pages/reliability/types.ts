/** Answers of `GET /api/reliability` and `/api/reliability/timeline` (src/server/routes/reliability.ts). */
// The timeline's shape is the server's (type-only: nothing of the server is bundled).
import type { Timeline } from '../../../../src/server/routes/timeline.ts';

export interface ReliabilityRow {
  grain: string;
  factory_id: string;
  machine_id: string | null;
  event_date: string | null;
  failures: number;
  restorations: number;
  ttr_s: number;
  operating_s: number;
  down_s: number;
  mtbf_s: number | null;
  mttr_s: number | null;
}

export interface FailureRow {
  machine_id: string;
  failure_key: string;
  failure_mode: string | null;
  failed_at: string;
  restored_at: string | null;
  failure_date: string;
  ttr_s: number | null;
  down_so_far_s: number | null;
}

export interface ReliabilityAnswer {
  note: string | null;
  total: ReliabilityRow | null;
  machines: ReliabilityRow[];
  days: ReliabilityRow[];
  failures: FailureRow[];
}

/** `GET /api/reliability/timeline`: one page of machines. */
export interface TimelineAnswer extends Timeline {
  note: string | null;
  offset: number;
}
