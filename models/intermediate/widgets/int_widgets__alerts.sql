-- One row per factory alert, cleaned: redelivered copies dropped (same alert_id), machine ids
-- canonical, plant-local time → UTC. A quality alert names the run it is about
-- (`<run id>: n unit(s) failed QC`): run_id and units_failed are read from it.
WITH ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY source_id, alert_id ORDER BY _logical_date, _source_file, _ordinal) AS copy_no,
    count(*) OVER (PARTITION BY source_id, alert_id) AS copies
  FROM silver.stg_widgets__factory_alerts
  WHERE alert_id IS NOT NULL
)
SELECT
  r.source_id AS factory_id,
  r.alert_id,
  silver.local_to_utc(r.raised_local, f.timezone) AS raised_at,
  silver.local_date(silver.local_to_utc(r.raised_local, f.timezone), f.timezone) AS event_date,
  r.severity,
  r.kind,
  k.machine_id,
  r.machine_raw,
  r.message,
  nullif(regexp_extract(r.message, '^([A-Za-z0-9_-]+_[0-9]{8}_[0-9]+): ', 1), '') AS run_id,
  TRY_CAST(nullif(regexp_extract(r.message, ': ([0-9]+) unit\(s\) failed QC', 1), '') AS INTEGER) AS units_failed,
  r.machine_raw IS NOT NULL AND k.machine_id IS NULL AS machine_unresolved,
  r.copies - 1 AS redelivered_copies,
  r._logical_date AS delivered_on,
  r._source_file,
  r._ordinal
FROM ranked r
LEFT JOIN silver.int_factory f ON f.factory_id = r.source_id
LEFT JOIN silver.int_machine_keys k ON k.source_id = r.source_id AND k.machine_key = silver.name_key(r.machine_raw)
WHERE r.copy_no = 1
