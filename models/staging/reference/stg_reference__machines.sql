-- Reference machine master data (reference/machines.csv), typed.
SELECT
  silver.source_id(_source_file) AS source_id,
  trim(machine_id) AS machine_id,
  machine_name,
  machine_type,
  trim(factory_id) AS factory_id,
  output_product,
  TRY_CAST(ideal_rate_units_per_hour AS DOUBLE) AS ideal_rate_units_per_hour,
  TRY_CAST(energy_kwh_per_unit AS DECIMAL(18, 6)) AS energy_kwh_per_unit,
  TRY_CAST(installed_on AS DATE) AS installed_on,
  _source_file,
  _ordinal
FROM bronze.ref_machines_current
