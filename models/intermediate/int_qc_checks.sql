-- config: materialized=incremental; partition_by=event_date; lookback_days=2
-- One row per QC check (source, check_id, batch_id). Cleaning rule for timezone_mix: a check's
-- naive timestamp is plant-local, except on some rows that were written in UTC with no marker.
-- A check follows its batch's end within a few hours (here: between 1 minute before and 4 hours
-- after). The timestamp is read as plant-local; if only the UTC reading satisfies that, it is
-- read as UTC and flagged is_tz_corrected. If both readings do (a zone a few hours from UTC), the
-- plant-local one is kept and flagged is_tz_ambiguous; if neither does, or the batch is unknown,
-- it is kept as plant-local and flagged is_time_unresolved.
WITH q AS (
  -- an incremental build reads the checks that can land on the days it rebuilds (either reading of
  -- a naive time is within a day of its date) and the batches they name
  SELECT * FROM silver.stg_seed__qc_checks WHERE silver.in_window(CAST(check_naive AS DATE), 1)
),
b AS (
  SELECT source_id, batch_id, machine_id, factory_id, product_name, timezone, end_at
  FROM silver.int_production_batches
  WHERE batch_id IN (SELECT batch_id FROM q)
),
cand AS (
  SELECT
    q.*,
    b.batch_id IS NOT NULL AS has_batch,
    b.machine_id,
    b.product_name,
    coalesce(b.factory_id, f.factory_id) AS factory_id,
    coalesce(b.timezone, f.timezone) AS timezone,
    b.end_at AS batch_end_at,
    silver.local_to_utc(q.check_naive, coalesce(b.timezone, f.timezone)) AS local_reading_at,
    silver.naive_utc(q.check_naive) AS utc_reading_at
  FROM q
  LEFT JOIN b ON b.source_id = q.source_id AND b.batch_id = q.batch_id
  LEFT JOIN silver.int_factory f ON f.factory_id = q.source_id
),
fits AS (
  SELECT *,
    coalesce(local_reading_at BETWEEN batch_end_at - INTERVAL 1 MINUTE AND batch_end_at + INTERVAL 4 HOUR, false) AS local_fits,
    coalesce(utc_reading_at BETWEEN batch_end_at - INTERVAL 1 MINUTE AND batch_end_at + INTERVAL 4 HOUR, false) AS utc_fits
  FROM cand
),
chosen AS (
  SELECT *,
    CASE WHEN NOT local_fits AND utc_fits THEN utc_reading_at ELSE local_reading_at END AS check_at
  FROM fits
)
SELECT
  source_id,
  check_id,
  batch_id,
  factory_id,
  machine_id,
  product_name,
  inspector_id,
  pass_fail,
  pass_fail = 'PASS' AS is_pass,
  defect_notes,
  check_naive,
  check_at,
  silver.local_date(check_at, timezone) AS event_date,
  epoch(check_at - batch_end_at) AS seconds_after_batch_end,
  NOT local_fits AND utc_fits AS is_tz_corrected,
  local_fits AND utc_fits AS is_tz_ambiguous,
  NOT local_fits AND NOT utc_fits AS is_time_unresolved,
  NOT has_batch AS is_batch_unknown,
  _source_file,
  _ordinal,
  _logical_date,
  silver.local_date(check_at, timezone) < _logical_date AS is_late
FROM chosen
