/** The answer of `GET /api/oee` (src/server/routes/oee.ts). Ratios are null when unknown: "no data". */
export interface OeeRow {
  grain: string;
  factory_id: string;
  machine_id: string | null;
  shift_id: string | null;
  event_date: string | null;
  /** Days summed (the trend's rows only). */
  days?: number;
  pot_s: number;
  planned_downtime_s: number;
  pbt_s: number;
  apt_s: number;
  asut_s: number;
  adet_s: number;
  down_s: number;
  adot_s: number;
  pq: number;
  gq: number;
  sq: number;
  ideal_time_s: number;
  availability: number | null;
  performance: number | null;
  quality: number | null;
  oee: number | null;
  performance_above_100: boolean | null;
}

export interface WaterfallStep {
  key: string;
  label: string;
  kind: 'total' | 'subtotal' | 'loss';
  seconds: number | null;
}

export interface OeeAnswer {
  factory: string | null;
  from: string;
  to: string;
  note: string | null;
  total: OeeRow | null;
  waterfall: WaterfallStep[] | null;
  machines: OeeRow[];
}

/** `GET /api/oee/shifts`: factory × shift (null when asked for one machine) and machine × shift. */
export interface OeeShiftsAnswer {
  note: string | null;
  machine: string | null;
  shifts: OeeRow[] | null;
  machineShifts: OeeRow[];
}

/** `GET /api/oee/trend`: the factory per day and over the range. */
export interface OeeTrendAnswer {
  note: string | null;
  total: OeeRow | null;
  days: OeeRow[];
}
