-- config: materialized=incremental; partition_by=event_date; lookback_days=2
-- One row per widget QC check, cleaned: redelivered copies dropped (same check_id), checked_at in
-- UTC. timezone_mix: some checks were written in naive UTC rather than plant time, with nothing to
-- tell them apart. A check follows its widget's assembly: of the two readings (plant time, UTC)
-- the one that follows completion with the shorter lag is taken — a plant-time reading of a UTC
-- text lags by the zone's offset more. A check with no assembly to compare to keeps plant time and
-- is flagged; one that follows completion under neither reading is flagged too.
WITH ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY source_id, check_id ORDER BY _logical_date, _source_file, _ordinal) AS copy_no,
    count(*) OVER (PARTITION BY source_id, check_id) AS copies
  FROM silver.stg_widgets__quality_control
  WHERE check_id IS NOT NULL
),
zoned AS (
  SELECT r.*, z.timezone
  FROM ranked r
  LEFT JOIN silver.int_factory z ON z.factory_id = r.source_id
  WHERE r.copy_no = 1
),
readings AS (
  SELECT q.*,
    a.completed_at,
    a.station_id,
    a.widget_type,
    silver.local_to_utc(q.checked_naive, q.timezone) AS as_local,
    silver.local_to_utc(q.checked_naive, 'UTC') AS as_utc
  FROM zoned q
  LEFT JOIN silver.int_widgets__assemblies a ON a.factory_id = q.source_id AND a.widget_id = q.widget_id
),
chosen AS (
  SELECT *,
    CASE
      WHEN completed_at IS NULL THEN 'local'
      WHEN as_local >= completed_at AND (as_utc < completed_at OR as_local <= as_utc) THEN 'local'
      WHEN as_utc >= completed_at THEN 'utc'
      ELSE 'local'
    END AS read_as
  FROM readings
)
SELECT
  source_id AS factory_id,
  check_id,
  widget_id,
  station_id,
  widget_type,
  inspector_id,
  CASE read_as WHEN 'utc' THEN as_utc ELSE as_local END AS checked_at,
  silver.local_date(CASE read_as WHEN 'utc' THEN as_utc ELSE as_local END, timezone) AS event_date,
  status,
  status = 'pass' AS passed,
  electrical_test,
  mechanical_test,
  visual_inspection,
  performance_score,
  defects_found,
  notes,
  read_as = 'utc' AS was_utc,
  completed_at IS NULL AS assembly_missing,
  completed_at IS NOT NULL AND as_local < completed_at AND as_utc < completed_at AS precedes_assembly,
  epoch(CASE read_as WHEN 'utc' THEN as_utc ELSE as_local END) - epoch(completed_at) AS lag_s,
  silver.local_date(CASE read_as WHEN 'utc' THEN as_utc ELSE as_local END, timezone) < _logical_date AS is_late,
  copies - 1 AS redelivered_copies,
  _logical_date AS delivered_on,
  _source_file,
  _ordinal
FROM chosen
