/** Shapes of the Control center's API answers (src/server/routes/control.ts). */
export interface MachineRow {
  factory_id: string;
  machine_id: string;
  machine_name: string | null;
  machine_type: string | null;
  output_product: string | null;
  pbt_s: number | null;
  apt_s: number | null;
  down_s: number | null;
  pq: number | null;
  failures: number | null;
  availability: number | null;
  performance: number | null;
  quality: number | null;
  oee: number | null;
  planned_units: number | null;
  output_vs_plan: number | null;
  efficiency: number | null;
  fitted_efficiency: number | null;
  days_to_threshold: number | null;
  degradation_alert: boolean | null;
}
export interface StateRow {
  machine_id: string;
  state: string;
  start_s: number;
  end_s: number;
}
export interface RunRow {
  machine_id: string;
  product_name: string;
  end_s: number;
  units_produced: number;
  good_units: number;
}
export interface FloorAnswer {
  machines: MachineRow[] | null;
  note: string | null;
}
/** A machine's intervals of the day as parallel lists (the API's compact form). */
export interface MachineStates {
  machine_id: string;
  states: string[];
  starts: number[];
  ends: number[];
}
export interface TimelineAnswer {
  states: MachineStates[] | null;
  production: RunRow[] | null;
  note: string | null;
}
export interface EfficiencyRow {
  machine_id: string;
  day: string;
  efficiency: number | null;
  alert: boolean | null;
}
export interface SensorRow {
  machine_id: string;
  hour: number;
  readings: number;
  temperature_c_avg: number | null;
  pressure_bar_avg: number | null;
}
export interface HealthAnswer {
  efficiency: EfficiencyRow[] | null;
  sensors: SensorRow[] | null;
  note: string | null;
}
export interface FlowEdge {
  from_node: string;
  to_node: string;
  item: string;
  quantity: number;
}
export interface ProductRow {
  product_name: string;
  runs: number;
  pq: number;
  gq: number;
  sq: number;
  scrap_ratio: number | null;
  energy_kwh: number | null;
}
export interface FlowAnswer {
  edges: FlowEdge[] | null;
  products: ProductRow[] | null;
  note: string | null;
}
export interface DqSummary {
  readings: number | null;
  null_measures: number | null;
  null_rate: number | null;
  outlier_readings: number | null;
  fahrenheit_readings: number | null;
  late_readings: number | null;
  batches: number;
  duplicated_batches: number;
  duplicate_copies: number;
  late_batches: number;
  unresolved_batches: number;
  product_spellings: number;
  machine_spellings: number;
  respelled_rows: number;
  quarantined: number;
}
export interface DqEvent {
  at: string;
  kind: string;
  subject: string;
  detail: string;
}
export interface QualityAnswer {
  summary: DqSummary | null;
  events: DqEvent[] | null;
  note: string | null;
}
