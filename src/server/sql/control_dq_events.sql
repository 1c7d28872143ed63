-- The data-quality event log of a day, newest last: duplicates, late rows, respellings, unresolved
-- names, quarantined records, outlier and °F sensor hours. Params: $day, $factory, $limit.
WITH f AS (SELECT factory_id, source_id, timezone FROM gold.dim_factory WHERE $factory IS NULL OR factory_id = $factory)
SELECT * FROM (
  SELECT b.start_at AS "at", 'duplicate' AS kind, b.machine_id AS subject,
         'batch ' || b.batch_id || ' arrived ' || b.dup_count || ' times; one copy kept' AS detail
  FROM gold.fct_production_batch b JOIN f USING (factory_id)
  WHERE b.event_date = $day::DATE AND b.is_duplicated
  UNION ALL
  SELECT b.start_at, 'late', b.machine_id,
         'batch ' || b.batch_id || ' arrived in the drop of ' || b.drop_date::VARCHAR
  FROM gold.fct_production_batch b JOIN f USING (factory_id)
  WHERE b.event_date = $day::DATE AND b.is_late
  UNION ALL
  SELECT min(i.start_at), 'spelling', i.product_name,
         '"' || i.product_raw || '" read as "' || i.product_name || '" (' || count(*) || ' rows)'
  FROM silver.int_production_batches i JOIN f USING (factory_id)
  WHERE i.event_date = $day::DATE AND i.product_raw IS DISTINCT FROM i.product_name AND i.product_name IS NOT NULL
  GROUP BY i.product_raw, i.product_name
  UNION ALL
  SELECT min(i.start_at), 'spelling', i.machine_id,
         '"' || i.machine_raw || '" read as "' || i.machine_id || '" (' || count(*) || ' rows)'
  FROM silver.int_production_batches i JOIN f USING (factory_id)
  WHERE i.event_date = $day::DATE AND i.machine_raw IS DISTINCT FROM i.machine_id AND i.machine_id IS NOT NULL
  GROUP BY i.machine_raw, i.machine_id
  UNION ALL
  SELECT b.start_at, 'unresolved', coalesce(b.machine_id, '?'),
         'batch ' || b.batch_id || ': name not resolved, flagged'
  FROM gold.fct_production_batch b JOIN f USING (factory_id)
  WHERE b.event_date = $day::DATE AND (b.is_machine_unresolved OR b.is_product_unresolved)
  UNION ALL
  SELECT q._ingested_at, 'quarantine', q.target_table,
         q._source_file || ' line ' || coalesce(q.line::VARCHAR, '?') || ': ' || q.reason
  FROM bronze.quarantine q
  WHERE q._logical_date = $day::DATE AND EXISTS (SELECT 1 FROM f WHERE q._source_file LIKE f.source_id || '/%')
  UNION ALL
  SELECT h.hour_start_at, 'outlier', h.machine_id, h.outlier_readings || ' outlier reading(s) kept out of averages'
  FROM gold.fct_sensor_hourly h JOIN f USING (factory_id)
  WHERE h.event_date = $day::DATE AND h.outlier_readings > 0
  UNION ALL
  SELECT min(h.hour_start_at), 'unit', h.machine_id,
         sum(h.fahrenheit_converted_readings) || ' temperature readings in °F converted to °C'
  FROM gold.fct_sensor_hourly h JOIN f USING (factory_id)
  WHERE h.event_date = $day::DATE AND h.fahrenheit_converted_readings > 0
  GROUP BY h.machine_id
  UNION ALL
  SELECT min(h.hour_start_at), 'null', h.machine_id,
         sum(h.temperature_nulls + h.pressure_nulls + h.energy_nulls + h.efficiency_nulls) || ' null measures kept and counted'
  FROM gold.fct_sensor_hourly h JOIN f USING (factory_id)
  WHERE h.event_date = $day::DATE
  GROUP BY h.machine_id
  HAVING sum(h.temperature_nulls + h.pressure_nulls + h.energy_nulls + h.efficiency_nulls) > 0
)
ORDER BY "at", kind, subject, detail
LIMIT $limit
