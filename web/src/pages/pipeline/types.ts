/** Shapes of the Pipeline page's API answers (src/server/routes/pipeline.ts). */
export interface RunRow extends Record<string, unknown> {
  run_id: string;
  pipeline: string;
  day: string;
  status: string;
  started_at: string;
  seconds: number | null;
  error_message: string | null;
}
export interface TaskRow extends Record<string, unknown> {
  run_id: string;
  task_id: string;
  status: string;
  attempts: number;
  seconds: number | null;
  error_message: string | null;
  summary: string | null;
}
export interface LoadRow extends Record<string, unknown> {
  load_id: string;
  source_file: string;
  target_table: string;
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  status: string;
  is_late: boolean;
}
export interface LoadTotal extends Record<string, unknown> {
  day: string | null;
  loads: number;
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  failed_loads: number;
  late_loads: number;
}
export interface DqRun extends Record<string, unknown> {
  invocation_id: string;
  checks: number;
  passed: number;
  warned: number;
  failed: number;
}
export interface DqCheck extends Record<string, unknown> {
  check_name: string;
  model: string | null;
  test_type: string | null;
  severity: string;
  status: string;
  failing_rows: number | null;
}
export interface VerifySummary extends Record<string, unknown> {
  factory_id: string;
  verify_id: string;
  first_day: string;
  last_day: string;
  entity_type: string;
  metrics: number;
  matched: number;
  mismatched: number;
  match_share: number;
}
export interface VerifyRow extends Record<string, unknown> {
  day: string;
  entity_type: string;
  entity: string;
  metric: string;
  expected: number | null;
  actual: number | null;
  status: string;
}
export interface ChaosRow extends Record<string, unknown> {
  chaos_type: string;
  recoverable: boolean;
  scored: boolean;
  injected: number;
  detected: number;
  matched: number;
  precision: number | null;
  recall: number | null;
}
export interface LineageGraph {
  nodes: {
    id: string;
    name: string;
    kind: string;
    layer: string;
    materialization: string | null;
    description: string;
  }[];
  edges: { from: string; to: string }[];
}
