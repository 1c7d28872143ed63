/** Answers of `GET /api/reliability` and `/api/reliability/timeline` (src/server/routes/reliability.ts). */
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

/** `[machine index, state index, start epoch ms, end epoch ms, reason]` */
export type StateInterval = [number, number, number, number, string | null];

export interface TimelineAnswer {
  note: string | null;
  truncated: boolean;
  machines: string[];
  states: string[];
  intervals: StateInterval[];
}
