/** The answer of `GET /api/quality` (src/server/routes/quality.ts). */
export interface ParetoRow {
  reason: string;
  occurrences: number;
  pareto_rank: number;
  share: number;
  cumulative_share: number;
}

export interface ScrapRow {
  grain: string;
  machine_id: string | null;
  product_name: string | null;
  runs: number;
  pq: number;
  gq: number;
  sq: number;
  scrap_ratio: number | null;
  quality: number | null;
}

export interface QualityAnswer {
  note: string | null;
  checks: { checks: number; passed: number; failed: number; pass_rate: number | null } | null;
  pareto: ParetoRow[];
  scrap: { total: ScrapRow | null; machines: ScrapRow[]; products: ScrapRow[]; machineProducts: ScrapRow[] };
}
