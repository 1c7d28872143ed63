-- Production runs of a day by end time (seconds since plant-local midnight), for output so far at
-- the dashboard's clock. Params: $day, $factory.
WITH f AS (
  SELECT factory_id, epoch(timezone(timezone, $day::DATE::TIMESTAMP)) AS t0
  FROM gold.dim_factory
  WHERE $factory IS NULL OR factory_id = $factory
)
SELECT p.machine_id, p.product_name, epoch(p.end_at) - f.t0 AS end_s, p.units_produced, p.good_units
FROM gold.fct_production p
JOIN f USING (factory_id)
WHERE p.event_date = $day::DATE
ORDER BY p.factory_id, p.machine_id, end_s
