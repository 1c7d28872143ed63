-- One row per clock-sampled telemetry reading (plants that sample on a clock; empty for factorio).
SELECT
  silver.source_id(_source_file) AS source_id,
  machine_id AS machine_raw,
  TRY_CAST("timestamp" AS TIMESTAMPTZ) AS reading_at,
  lower(trim(state)) AS state,
  TRY_CAST(temperature_c AS DOUBLE) AS temperature_c,
  TRY_CAST(pressure_bar AS DOUBLE) AS pressure_bar,
  TRY_CAST(vibration_mm_s AS DOUBLE) AS vibration_mm_s,
  TRY_CAST(power_kw AS DOUBLE) AS power_kw,
  TRY_CAST(energy_kwh AS DOUBLE) AS energy_kwh,
  TRY_CAST(efficiency_percent AS DOUBLE) AS efficiency_percent,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.telemetry_current
