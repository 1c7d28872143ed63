-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- An ambiguous entry's day can move when later drops bring evidence: int_operator_logs rebuilds
-- the days that can happen to (its lookback), and this model rebuilds from the same first day.
-- One row per operator log entry, at its corrected UTC time and with the batch it belongs to
-- (int_operator_logs; batch_id NULL when the time reading could not be decided).
SELECT
  log_key,
  source_id,
  log_id,
  factory_id,
  machine_id,
  operator_id,
  action,
  notes,
  batch_id,
  log_at,
  event_date,
  is_tz_corrected,
  is_tz_ambiguous,
  ambiguity_resolved_by,
  is_tz_unresolved,
  is_time_unresolved,
  is_machine_unresolved,
  _source_file AS source_file,
  _logical_date AS drop_date
FROM silver.int_operator_logs
WHERE event_date IS NOT NULL AND silver.in_window(event_date, 0)
