-- One row per factory alert as it arrived: typed.
SELECT
  alert_id,
  silver.parse_naive("timestamp") AS raised_local,
  lower(severity) AS severity,
  kind,
  machine_id AS machine_raw,
  message,
  silver.source_id(_source_file) AS source_id,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.factory_alerts_current
