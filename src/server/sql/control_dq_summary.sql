-- Data-quality alerts of a day: what the cleaning found and kept, flagged or set aside.
-- Nulls and outliers from gold's sensor and telemetry hours; spellings from silver's raw vs canonical names;
-- duplicates and late rows from the batch facts; quarantine from bronze. Params: $day, $factory.
WITH hours AS (
  SELECT readings, temperature_nulls + pressure_nulls + energy_nulls + efficiency_nulls AS null_measures,
         outlier_readings, fahrenheit_converted_readings, outside_batch_window_readings, late_readings
  FROM gold.fct_sensor_hourly
  WHERE event_date = $day::DATE AND ($factory IS NULL OR factory_id = $factory)
  UNION ALL -- the widget plant's telemetry: four measures a reading too
  SELECT readings, temperature_nulls + vibration_nulls + power_nulls + efficiency_nulls,
         outlier_readings, fahrenheit_converted_readings, 0, late_readings
  FROM gold.fct_widget_telemetry_hourly
  WHERE event_date = $day::DATE AND ($factory IS NULL OR factory_id = $factory)
), sensors AS (
  SELECT sum(readings) AS readings, sum(null_measures) AS null_measures,
         sum(outlier_readings) AS outlier_readings,
         sum(fahrenheit_converted_readings) AS fahrenheit_readings,
         sum(outside_batch_window_readings) AS outside_window_readings,
         sum(late_readings) AS late_readings
  FROM hours
), batches AS (
  SELECT count(*) AS batches,
         count(*) FILTER (WHERE is_duplicated) AS duplicated_batches,
         coalesce(sum(dup_count - 1), 0) AS duplicate_copies,
         count(*) FILTER (WHERE is_late) AS late_batches,
         count(*) FILTER (WHERE is_machine_unresolved OR is_product_unresolved) AS unresolved_batches
  FROM gold.fct_production_batch
  WHERE event_date = $day::DATE AND ($factory IS NULL OR factory_id = $factory)
), spellings AS (
  SELECT count(DISTINCT product_raw) FILTER (WHERE product_raw IS DISTINCT FROM product_name) AS product_spellings,
         count(DISTINCT machine_raw) FILTER (WHERE machine_raw IS DISTINCT FROM machine_id) AS machine_spellings,
         count(*) FILTER (WHERE product_raw IS DISTINCT FROM product_name OR machine_raw IS DISTINCT FROM machine_id)
           AS respelled_rows
  FROM silver.int_production_batches
  WHERE event_date = $day::DATE AND ($factory IS NULL OR factory_id = $factory)
), quarantine AS (
  SELECT count(*) AS quarantined
  FROM bronze.quarantine q
  WHERE q._logical_date = $day::DATE
    AND ($factory IS NULL OR EXISTS (
      SELECT 1 FROM gold.dim_factory f WHERE f.factory_id = $factory AND starts_with(q._source_file, f.source_id || '/')))
)
SELECT s.readings, s.null_measures, s.null_measures / nullif(s.readings * 4, 0) AS null_rate,
       s.outlier_readings, s.fahrenheit_readings, s.outside_window_readings, s.late_readings,
       b.batches, b.duplicated_batches, b.duplicate_copies, b.late_batches, b.unresolved_batches,
       p.product_spellings, p.machine_spellings, p.respelled_rows, q.quarantined
FROM sensors s, batches b, spellings p, quarantine q
