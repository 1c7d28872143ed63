-- config: materialized=incremental; partition_by=_logical_date; lookback_days=0
-- One row per telemetry reading as it arrived: typed, metrics and location flattened. Stored (not a
-- view) and rebuilt per drop day: the JSON is parsed once, not by every model that reads it.
SELECT
  machine_id AS machine_raw,
  machine_type,
  silver.parse_naive("timestamp") AS measured_local,
  lower(status) AS status,
  TRY_CAST(json_extract_string(metrics, '$.temperature_celsius') AS DOUBLE) AS temperature_raw,
  TRY_CAST(json_extract_string(metrics, '$.vibration_level') AS DOUBLE) AS vibration_level,
  -- schema drift: a release renamed metrics.power_consumption_watts → metrics.power_watts
  TRY_CAST(coalesce(json_extract_string(metrics, '$.power_consumption_watts'),
                    json_extract_string(metrics, '$.power_watts')) AS DOUBLE) AS power_w,
  TRY_CAST(json_extract_string(metrics, '$.cycle_count') AS BIGINT) AS cycle_count,
  TRY_CAST(json_extract_string(metrics, '$.efficiency_percent') AS DOUBLE) AS efficiency_pct,
  json_extract_string(location, '$.building') AS building,
  TRY_CAST(json_extract_string(location, '$.floor') AS INTEGER) AS floor,
  json_extract_string(location, '$.line') AS line,
  silver.source_id(_source_file) AS source_id,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.machine_telemetry_current
