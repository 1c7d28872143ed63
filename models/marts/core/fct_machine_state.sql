-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- Machine state time, cut at plant-local midnight and shift boundaries: one row per piece, with
-- the ISO 22400 time element its state maps to (kpis.md): producing → apt, setup → asut,
-- minor_stop → adet, failed → down, planned_maintenance → planned_downtime, starved / blocked /
-- idle → adot, off_shift → none. Only pieces inside a shift (shift_id not NULL) are planned
-- operation time (POT); PBT = POT − planned downtime.
SELECT
  machine_id || '@' || strftime(start_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS state_piece_key,
  factory_id,
  machine_id,
  state,
  reason,
  CASE state
    WHEN 'producing' THEN 'apt'
    WHEN 'setup' THEN 'asut'
    WHEN 'minor_stop' THEN 'adet'
    WHEN 'failed' THEN 'down'
    WHEN 'planned_maintenance' THEN 'planned_downtime'
    WHEN 'starved' THEN 'adot'
    WHEN 'blocked' THEN 'adot'
    WHEN 'idle' THEN 'adot'
    ELSE 'none'
  END AS time_element,
  start_at,
  end_at,
  duration_s,
  event_date,
  shift_id,
  shift_date,
  shift_id IS NOT NULL AS is_planned_operation_time,
  shift_id IS NOT NULL AND state NOT IN ('planned_maintenance', 'off_shift') AS is_planned_busy_time,
  interval_start_at,
  interval_end_at,
  is_machine_unresolved,
  _source_file AS source_file,
  _logical_date AS drop_date
FROM silver.int_machine_states
WHERE event_date IS NOT NULL AND silver.in_window(event_date, 0)
