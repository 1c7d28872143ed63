-- The data-quality event log of a day, newest last: duplicates, late rows, respellings, unresolved
-- names, quarantined records, outlier and °F sensor hours, null measures. Each source table is read
-- once for the day (a CTE per table, flagged rows only), not once per kind. Params: $day, $factory, $limit.
WITH f AS (SELECT factory_id, source_id FROM gold.dim_factory WHERE $factory IS NULL OR factory_id = $factory),
b AS MATERIALIZED (
  SELECT b.start_at, b.machine_id, b.batch_id, b.dup_count, b.drop_date, b.is_duplicated, b.is_late,
         b.is_machine_unresolved OR b.is_product_unresolved AS is_unresolved
  FROM gold.fct_production_batch b SEMI JOIN f USING (factory_id)
  WHERE b.event_date = $day::DATE
    AND (b.is_duplicated OR b.is_late OR b.is_machine_unresolved OR b.is_product_unresolved)
),
i AS MATERIALIZED (
  SELECT i.start_at, i.product_raw, i.product_name, i.machine_raw, i.machine_id
  FROM silver.int_production_batches i SEMI JOIN f USING (factory_id)
  WHERE i.event_date = $day::DATE
    AND (i.product_raw IS DISTINCT FROM i.product_name OR i.machine_raw IS DISTINCT FROM i.machine_id)
),
h AS MATERIALIZED (
  SELECT h.hour_start_at, h.machine_id, h.outlier_readings, h.fahrenheit_converted_readings,
         h.temperature_nulls + h.pressure_nulls + h.energy_nulls + h.efficiency_nulls AS nulls
  FROM gold.fct_sensor_hourly h SEMI JOIN f USING (factory_id)
  WHERE h.event_date = $day::DATE
    AND (h.outlier_readings > 0 OR h.fahrenheit_converted_readings > 0
         OR h.temperature_nulls + h.pressure_nulls + h.energy_nulls + h.efficiency_nulls > 0)
)
SELECT * FROM (
  SELECT start_at AS "at", 'duplicate' AS kind, machine_id AS subject,
         'batch ' || batch_id || ' arrived ' || dup_count || ' times; one copy kept' AS detail
  FROM b WHERE is_duplicated
  UNION ALL
  SELECT start_at, 'late', machine_id, 'batch ' || batch_id || ' arrived in the drop of ' || drop_date::VARCHAR
  FROM b WHERE is_late
  UNION ALL
  SELECT start_at, 'unresolved', coalesce(machine_id, '?'), 'batch ' || batch_id || ': name not resolved, flagged'
  FROM b WHERE is_unresolved
  UNION ALL
  SELECT min(start_at), 'spelling', product_name,
         '"' || product_raw || '" read as "' || product_name || '" (' || count(*) || ' rows)'
  FROM i WHERE product_raw IS DISTINCT FROM product_name AND product_name IS NOT NULL
  GROUP BY product_raw, product_name
  UNION ALL
  SELECT min(start_at), 'spelling', machine_id,
         '"' || machine_raw || '" read as "' || machine_id || '" (' || count(*) || ' rows)'
  FROM i WHERE machine_raw IS DISTINCT FROM machine_id AND machine_id IS NOT NULL
  GROUP BY machine_raw, machine_id
  UNION ALL
  SELECT q._ingested_at, 'quarantine', q.target_table,
         q._source_file || ' line ' || coalesce(q.line::VARCHAR, '?') || ': ' || q.reason
  FROM bronze.quarantine q
  WHERE q._logical_date = $day::DATE AND EXISTS (SELECT 1 FROM f WHERE starts_with(q._source_file, f.source_id || '/'))
  UNION ALL
  SELECT hour_start_at, 'outlier', machine_id, outlier_readings || ' outlier reading(s) kept out of averages'
  FROM h WHERE outlier_readings > 0
  UNION ALL
  SELECT min(hour_start_at), 'unit', machine_id,
         sum(fahrenheit_converted_readings) || ' temperature readings in °F converted to °C'
  FROM h WHERE fahrenheit_converted_readings > 0
  GROUP BY machine_id
  UNION ALL
  SELECT min(hour_start_at), 'null', machine_id, sum(nulls) || ' null measures kept and counted'
  FROM h
  GROUP BY machine_id
  HAVING sum(nulls) > 0
)
ORDER BY "at", kind, subject, detail
LIMIT $limit
