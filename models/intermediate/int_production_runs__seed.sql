-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- The seed-format plants' production runs in the shape shared with the widgets plant
-- (int_production_runs__widgets): gold.fct_production is the UNION ALL of both. One row per clean
-- batch: deduplicated, machine resolved, valid start/end. Columns are a contract: keep them.
SELECT
  CAST(factory_id AS VARCHAR) AS factory_id,
  CAST(machine_id AS VARCHAR) AS machine_id,
  CAST(product_name AS VARCHAR) AS product_name,
  CAST(batch_id AS VARCHAR) AS run_id,
  CAST(start_at AS TIMESTAMPTZ) AS start_at,
  CAST(end_at AS TIMESTAMPTZ) AS end_at,
  CAST(event_date AS DATE) AS event_date,
  CAST(shift_id AS VARCHAR) AS shift_id,
  CAST(units_produced AS INTEGER) AS units_produced,
  CAST(units_defective AS INTEGER) AS units_defective,
  CAST(good_units AS INTEGER) AS good_units,
  CAST(ideal_time_s AS DOUBLE) AS ideal_time_s,
  CAST(energy_kwh AS DECIMAL(18, 2)) AS energy_kwh
FROM silver.int_production_batches
WHERE machine_id IS NOT NULL AND factory_id IS NOT NULL AND NOT is_invalid_time AND NOT is_invalid_units
  AND silver.in_window(event_date, 0)
