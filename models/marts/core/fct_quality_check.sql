-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- One row per QC check, at its corrected UTC time (timezone_mix undone in int_qc_checks),
-- partitioned by its plant-local day.
SELECT
  source_id,
  check_id,
  batch_id,
  factory_id,
  machine_id,
  product_name,
  inspector_id,
  pass_fail,
  is_pass,
  defect_notes,
  check_at,
  event_date,
  seconds_after_batch_end,
  is_tz_corrected,
  is_tz_ambiguous,
  is_time_unresolved,
  is_batch_unknown,
  is_late,
  _source_file AS source_file,
  _logical_date AS drop_date
FROM silver.int_qc_checks
WHERE event_date IS NOT NULL AND silver.in_window(event_date, 0)
