-- config: materialized=snapshot; unique_key=machine_id; updated_at=snapshot_date
-- Machine master data history (SCD2) from the daily master-data snapshots of both plants: a new
-- version whenever any attribute changes (line, kWh/unit, ideal rate, overhaul date, …).
SELECT
  machine_id,
  snapshot_date,
  factory_id,
  machine_name,
  machine_type,
  output_product,
  ideal_rate_units_per_hour,
  energy_kwh_per_unit,
  installed_on,
  line_id,
  last_overhaul_on
FROM silver.stg_seed__machine_master
WHERE machine_id IS NOT NULL AND snapshot_date IS NOT NULL
-- one row per machine and day even if a snapshot file were loaded twice
QUALIFY row_number() OVER (PARTITION BY machine_id, snapshot_date ORDER BY _logical_date DESC, _ordinal) = 1
