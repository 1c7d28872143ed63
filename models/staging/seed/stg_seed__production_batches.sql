-- One row per batch record as it arrived: renamed, typed, drift mapped. No cleaning yet
-- (duplicates, spellings and late rows are still in; int_production_batches handles them).
SELECT
  silver.source_id(_source_file) AS source_id,
  nullif(trim(batch_id), '') AS batch_id,
  machine_id AS machine_raw,
  product_name AS product_raw,
  -- naive plant-local wall clock (formats.md §1); made UTC in intermediate, where the zone is known
  silver.parse_naive(start_time) AS start_local,
  silver.parse_naive(end_time) AS end_local,
  TRY_CAST(units_produced AS INTEGER) AS units_produced,
  -- schema drift: units_defective was renamed defective_units from some day on
  TRY_CAST(coalesce(units_defective, defective_units) AS INTEGER) AS units_defective,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.production_batches_current
