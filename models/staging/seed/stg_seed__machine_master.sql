-- One row per machine per daily master-data snapshot (both plants): the history snap_machine reads.
SELECT
  silver.source_id(_source_file) AS source_id,
  TRY_CAST(snapshot_date AS DATE) AS snapshot_date,
  trim(machine_id) AS machine_id,
  machine_name,
  machine_type,
  trim(factory_id) AS factory_id,
  output_product,
  TRY_CAST(ideal_rate_units_per_hour AS DOUBLE) AS ideal_rate_units_per_hour,
  -- DECIMAL so that units × kWh/unit rounds half-up exactly
  TRY_CAST(energy_kwh_per_unit AS DECIMAL(18, 6)) AS energy_kwh_per_unit,
  TRY_CAST(installed_on AS DATE) AS installed_on,
  nullif(line_id, '') AS line_id,
  TRY_CAST(nullif(last_overhaul_on, '') AS DATE) AS last_overhaul_on,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.machine_master_current
