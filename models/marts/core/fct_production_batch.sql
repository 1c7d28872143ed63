-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- One row per batch (deduplicated; canonical machine and product; UTC times), partitioned by the
-- plant-local day of its start. energy_kwh = round(units × kWh/unit as of the day, 2) on DECIMAL
-- (half-up, exact); ideal_time_s = units × 3600 / ideal rate (routing for (machine, product) if
-- any, else the machine's as of the day). Flags say what cleaning found; is_clean rows are the
-- ones gold.fct_production counts.
SELECT
  source_id,
  batch_id,
  factory_id,
  machine_id,
  product_name,
  start_at,
  end_at,
  event_date,
  shift_id,
  units_produced,
  units_defective,
  good_units,
  energy_kwh_per_unit,
  energy_kwh,
  ideal_rate_units_per_hour,
  ideal_time_s,
  has_routing,
  epoch(end_at - start_at) AS duration_s,
  dup_count,
  is_duplicated,
  has_conflicting_copies,
  is_late,
  is_machine_unresolved,
  is_product_unresolved,
  is_timezone_unknown,
  local_time_issue,
  is_invalid_time,
  is_invalid_units,
  machine_id IS NOT NULL AND factory_id IS NOT NULL AND NOT is_invalid_time AND NOT is_invalid_units AS is_clean,
  _source_file AS source_file,
  _logical_date AS drop_date
FROM silver.int_production_batches
WHERE event_date IS NOT NULL AND silver.in_window(event_date, 0)
