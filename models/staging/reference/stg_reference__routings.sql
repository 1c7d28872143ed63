-- Routings (reference/routings.csv): the ideal cycle of each product on multi-product machines.
SELECT
  silver.source_id(_source_file) AS source_id,
  trim(machine_id) AS machine_id,
  product AS product_raw,
  TRY_CAST(ideal_cycle_seconds AS DOUBLE) AS ideal_cycle_seconds,
  TRY_CAST(ideal_rate_units_per_hour AS DOUBLE) AS ideal_rate_units_per_hour,
  _source_file,
  _ordinal
FROM bronze.ref_routings_current
