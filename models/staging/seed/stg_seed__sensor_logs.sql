-- One row per sensor reading as it arrived (sensor_logs.json): typed, drift column kept.
-- Measures stay as written: nulls, spikes and °F days are handled in int_sensor_readings.
SELECT
  silver.source_id(_source_file) AS source_id,
  _source_file || '#' || _ordinal AS reading_id,
  machine_id AS machine_raw,
  silver.parse_naive("timestamp") AS reading_local,
  TRY_CAST(temperature AS DOUBLE) AS temperature,
  TRY_CAST(pressure AS DOUBLE) AS pressure,
  TRY_CAST(energy_kwh AS DOUBLE) AS energy_kwh,
  TRY_CAST(efficiency_percent AS DOUBLE) AS efficiency_percent,
  -- schema drift: a field added by a firmware release
  nullif(trim(firmware_version), '') AS firmware_version,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.sensor_logs_current
