/**
 * Every number the dashboard shows, with its definition (ISO 22400-2, as in the README's "KPI
 * definitions" and docs/marts.md). `KpiValue` shows the definition on hover and formats by `format`.
 */
export type KpiFormat = 'percent' | 'duration' | 'count' | 'kwh' | 'decimal' | 'perSecond' | 'seconds';

export interface KpiDefinition {
  label: string;
  definition: string;
  format: KpiFormat;
}

export const KPI = {
  availability: {
    label: 'Availability',
    definition:
      'APT / PBT: actual production time over planned busy time (shift time minus planned maintenance).',
    format: 'percent',
  },
  performance: {
    label: 'Performance',
    definition:
      'Σ(ideal cycle × units produced) / APT. May exceed 100 % when an ideal rate is wrong: flagged, not clamped.',
    format: 'percent',
  },
  quality: { label: 'Quality', definition: 'GQ / PQ: good units over produced units.', format: 'percent' },
  oee: {
    label: 'OEE',
    definition:
      'Availability × Performance × Quality = Σ(ideal cycle × good units) / PBT. Roll-ups sum times and counts, then divide once.',
    format: 'percent',
  },
  scrap_ratio: {
    label: 'Scrap ratio',
    definition: 'SQ / PQ: scrapped over produced units.',
    format: 'percent',
  },
  efficiency: {
    label: 'Efficiency',
    definition:
      'Ideal time of the units produced / APT (the degradation mart): how fast the machine runs against its ideal rate while producing.',
    format: 'percent',
  },
  output_vs_plan: {
    label: 'Output vs plan',
    definition:
      'Units produced / planned units, where planned units = PBT × the ideal rate (what the machine makes running flat out all planned busy time).',
    format: 'percent',
  },
  mtbf: {
    label: 'MTBF',
    definition:
      'ISO 22400 mean operating time between failures: (APT + ASUT) / failures. Not "uptime + downtime".',
    format: 'duration',
  },
  mttr: { label: 'MTTR', definition: 'Σ time to restoration / restorations.', format: 'duration' },
  failures: { label: 'Failures', definition: 'Failures that started in the period.', format: 'count' },
  pq: { label: 'Produced', definition: 'PQ: units produced (good + scrap).', format: 'count' },
  gq: { label: 'Good', definition: 'GQ: units that passed (produced − defective).', format: 'count' },
  sq: { label: 'Scrap', definition: 'SQ: defective units.', format: 'count' },
  planned_units: {
    label: 'Plan',
    definition: 'PBT × ideal rate: units at the ideal rate over all planned busy time.',
    format: 'count',
  },
  pbt: {
    label: 'PBT',
    definition: 'Planned busy time = shift time − planned maintenance.',
    format: 'duration',
  },
  apt: { label: 'APT', definition: 'Actual production time: the machine is producing.', format: 'duration' },
  energy_kwh: {
    label: 'Energy',
    definition: 'kWh consumed by production (units × kWh per unit).',
    format: 'kwh',
  },
  energy_per_good_unit: { label: 'kWh / good unit', definition: 'Energy / GQ.', format: 'decimal' },
  temperature: {
    label: 'Temperature',
    definition: 'Mean of the valid sensor readings (°C; °F days converted back; outliers left out).',
    format: 'decimal',
  },
  pressure: {
    label: 'Pressure',
    definition: 'Mean of the valid pressure readings (bar; outliers left out).',
    format: 'decimal',
  },
  null_rate: {
    label: 'Null readings',
    definition: 'Sensor measures written as null / all measures read that day (kept, counted, not guessed).',
    format: 'percent',
  },
  duplicates: {
    label: 'Duplicate batches',
    definition: 'Batch ids that arrived more than once (one copy kept).',
    format: 'count',
  },
  late_rows: {
    label: 'Late rows',
    definition: 'Rows that arrived in a later day’s drop than the day they belong to.',
    format: 'count',
  },
  spellings: {
    label: 'Name spellings',
    definition: 'Distinct raw spellings of product names and machine ids mapped to canonical keys.',
    format: 'count',
  },
  quarantined: {
    label: 'Quarantined',
    definition: 'Records that could not be read (bronze.quarantine), kept with their bytes and the reason.',
    format: 'count',
  },
  stream_lag: {
    label: 'Stream lag',
    definition: 'Age of the oldest event not yet committed to bronze (now − its publish time).',
    format: 'seconds',
  },
  events_per_sec: {
    label: 'Throughput',
    definition: 'Events committed to bronze per second over the last few seconds.',
    format: 'perSecond',
  },
  pending: {
    label: 'Pending',
    definition: 'Events in the stream not yet delivered to the consumer.',
    format: 'count',
  },
  precision: {
    label: 'Precision',
    definition: 'Of the records silver flagged for a chaos type, the share the ledger says were injected.',
    format: 'percent',
  },
  recall: {
    label: 'Recall',
    definition: 'Of the records the chaos ledger says were injected, the share silver flagged.',
    format: 'percent',
  },
  metrics_matched: {
    label: 'Metrics matching truth',
    definition: 'Gold values equal to ground_truth/<day>/truth.json within tolerance / all compared.',
    format: 'percent',
  },
  health: {
    label: 'Health',
    definition:
      'Red: failed at the clock time, or efficiency under 80 %. Yellow: a degradation alert (trend reaches 80 % within 7 days), efficiency under 90 %, or a failure that day. Green otherwise; grey: no data.',
    format: 'count',
  },
  output_so_far: {
    label: 'Output so far',
    definition: 'Units of the production runs that ended by the clock time on the selected day.',
    format: 'count',
  },
  loads: { label: 'Loads', definition: 'Files loaded into bronze (one audit row each).', format: 'count' },
  rows_read: {
    label: 'Rows read',
    definition: 'Records read from the file (= loaded + quarantined).',
    format: 'count',
  },
  rows_loaded: { label: 'Rows loaded', definition: 'Records landed in bronze.', format: 'count' },
  failed_loads: {
    label: 'Failed loads',
    definition: 'Loads with status FAILED (nothing of them kept; the audit row is).',
    format: 'count',
  },
  late_files: {
    label: 'Late files',
    definition: 'Files for a day older than the newest day already loaded.',
    format: 'count',
  },
  failing_rows: { label: 'Failing rows', definition: 'Rows the data test found in breach.', format: 'count' },
  metrics: { label: 'Metrics', definition: 'Truth metrics compared with gold.', format: 'count' },
  mismatched: {
    label: 'Mismatched',
    definition: 'Metrics where gold differs from the truth beyond the tolerance.',
    format: 'count',
  },
  injected: { label: 'Injected', definition: 'Defects of this type in the chaos ledger.', format: 'count' },
  detected: {
    label: 'Detected',
    definition: 'Records silver flagged or corrected for this type.',
    format: 'count',
  },
  metric_value: {
    label: 'Value',
    definition: 'The metric as the truth file states it (truth) and as gold computes it (gold).',
    format: 'decimal',
  },
  run_seconds: { label: 'Duration', definition: 'Wall time of the run or task.', format: 'seconds' },
  // OEE, Reliability, Quality and Widgets pages (ISO 22400-2 time elements, docs/marts.md)
  pot: {
    label: 'POT',
    definition: 'Planned operation time: the time inside the shifts.',
    format: 'duration',
  },
  planned_downtime: {
    label: 'Planned downtime',
    definition: 'Planned maintenance inside the shifts: POT − PBT, not counted against availability.',
    format: 'duration',
  },
  asut: {
    label: 'Setup (ASUT)',
    definition: 'Actual setup time: changeovers inside PBT.',
    format: 'duration',
  },
  adet: {
    label: 'Minor stops (ADET)',
    definition: 'Actual unit delay time: minor stops and speed-related interruptions inside PBT.',
    format: 'duration',
  },
  down: {
    label: 'Down',
    definition: 'Failed (time to restoration) inside PBT.',
    format: 'duration',
  },
  adot: {
    label: 'Waiting (ADOT)',
    definition: 'Available but not producing: starved (no input), blocked (output full) or idle, inside PBT.',
    format: 'duration',
  },
  ideal_time: {
    label: 'Net production time',
    definition: 'Σ PRU × PQ: the ideal cycle time of every unit produced (APT minus performance losses).',
    format: 'duration',
  },
  performance_loss: {
    label: 'Performance loss',
    definition: 'APT − Σ PRU × PQ: time lost running slower than the ideal rate (negative when faster).',
    format: 'duration',
  },
  quality_loss: {
    label: 'Quality loss',
    definition: 'Net production time × (1 − quality): ideal time spent on scrapped units.',
    format: 'duration',
  },
  fully_productive: {
    label: 'Fully productive time',
    definition: 'Net production time × quality = OEE × PBT (for one machine: PRU × GQ).',
    format: 'duration',
  },
  restorations: { label: 'Restorations', definition: 'Repairs completed in the period.', format: 'count' },
  ttr: {
    label: 'Time to restoration',
    definition: 'Σ (restored − failed) of the repairs completed in the period (whole repairs).',
    format: 'duration',
  },
  operating_time: {
    label: 'Operating time',
    definition: 'APT + ASUT: producing and setup, the ISO 22400 MTBF numerator (no down or delay time).',
    format: 'duration',
  },
  defect_occurrences: {
    label: 'Occurrences',
    definition: 'Failed QC checks naming this reason (a widget check can name two).',
    format: 'count',
  },
  defect_share: {
    label: 'Share',
    definition: 'Occurrences of the reason / occurrences of every reason.',
    format: 'percent',
  },
  cumulative_share: {
    label: 'Cumulative share',
    definition: 'Share of this reason and every more frequent one (Pareto order; ties by name).',
    format: 'percent',
  },
  qc_checks: { label: 'QC checks', definition: 'Quality checks done in the period.', format: 'count' },
  qc_pass_rate: { label: 'QC pass rate', definition: 'Checks passed / checks done.', format: 'percent' },
  components: {
    label: 'Components',
    definition:
      'Components made in the period (one per component event, lost lines recovered from the state log).',
    format: 'count',
  },
  component_defect_rate: {
    label: 'Component defect rate',
    definition: 'Components with defect_count ≥ 2 / components made.',
    format: 'percent',
  },
  widgets_built: {
    label: 'Widgets built',
    definition: 'Widgets whose assembly started in the period.',
    format: 'count',
  },
  widgets_defective: {
    label: 'Defective widgets',
    definition: 'Widgets whose QC check failed (or that put no unit into stock).',
    format: 'count',
  },
  performance_score: {
    label: 'Performance score',
    definition: 'Mean QC performance score of the checks (each widget type has its own minimum).',
    format: 'decimal',
  },
  on_hand: {
    label: 'On hand',
    definition: 'Units in the stock point, from the inventory moves’ quantity on hand.',
    format: 'count',
  },
  orders: { label: 'Orders', definition: 'Production orders created in the period.', format: 'count' },
  lead_time: {
    label: 'Lead time',
    definition: 'Mean created → completed time of the orders completed.',
    format: 'duration',
  },
  alerts: { label: 'Alerts', definition: 'Alerts the plant raised in the period.', format: 'count' },
} as const satisfies Record<string, KpiDefinition>;

export type KpiKey = keyof typeof KPI;
