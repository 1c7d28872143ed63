/** The answer of `GET /api/widgets` (src/server/routes/widgets.ts). */
type Row = Record<string, string | number | boolean | null>;

export interface ComponentRow extends Row {
  component_type: string | null;
  machine_id: string | null;
  produced: number;
  defective: number;
  good: number;
  consumed: number;
  defect_rate: number | null;
}

export interface AssemblyRow extends Row {
  station_id: string | null;
  widget_type: string | null;
  built: number;
  defective: number;
  good: number;
  qc_missing: number;
  mean_assembly_s: number | null;
}

export interface QcRow extends Row {
  widget_type: string | null;
  checks: number;
  passed: number;
  failed: number;
  pass_rate: number | null;
  mean_performance_score: number | null;
}

export interface InventoryRow extends Row {
  location: string;
  item: string;
  opening_on_hand: number | null;
  received: number;
  produced: number;
  consumed: number;
  shipped: number;
  closing_on_hand: number | null;
  balanced: boolean | null;
}

export interface OrderRow extends Row {
  status: string | null;
  widget_type: string | null;
  orders: number;
  quantity: number;
  quantity_completed: number;
  widgets_built: number;
  mean_lead_time_s: number | null;
}

export interface AlertRow extends Row {
  alert_id: string;
  raised_at: string;
  severity: string;
  kind: string;
  machine_id: string | null;
  message: string | null;
}

export interface WidgetsAnswer {
  /** null: gold not built; false: this plant has no widget data at all. */
  plant: boolean | null;
  note: string | null;
  components?: { total: ComponentRow | null; types: ComponentRow[]; machines: ComponentRow[] };
  assembly?: {
    total: AssemblyRow | null;
    stations: AssemblyRow[];
    types: AssemblyRow[];
    stationTypes: AssemblyRow[];
  };
  qc?: { total: QcRow | null; types: QcRow[] };
  inventory?: InventoryRow[];
  orders?: { total: OrderRow | null; statuses: OrderRow[]; types: OrderRow[] };
  alerts?: { counts: { severity: string; kind: string; alerts: number }[]; latest: AlertRow[] };
}
