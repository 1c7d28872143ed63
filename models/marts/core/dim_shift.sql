-- One row per factory and shift (configuration in silver.int_shifts), in plant-local wall clock.
SELECT
  factory_id || ':' || shift_id AS shift_key,
  factory_id,
  shift_id,
  start_local,
  end_local,
  crosses_midnight,
  nominal_duration_s
FROM silver.int_shifts
