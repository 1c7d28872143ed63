-- Gold's production counts and energy per day, flattened like the truth: factory, machine, product.
-- Reads gold.fct_production (one row per production run, both plants).
WITH runs AS (
  SELECT * FROM gold.fct_production WHERE factory_id = getvariable('verify_factory')
),
by_factory AS (
  SELECT event_date, '*' AS entity, count(*)::DOUBLE AS total_batches, sum(units_produced)::DOUBLE AS units_produced,
         sum(units_defective)::DOUBLE AS units_defective, sum(good_units)::DOUBLE AS good_units,
         sum(energy_kwh)::DOUBLE AS energy_consumed_kwh
  FROM runs GROUP BY 1
),
by_machine AS (
  SELECT event_date, machine_id AS entity, count(*)::DOUBLE AS batches, sum(units_produced)::DOUBLE AS units_produced,
         sum(units_defective)::DOUBLE AS units_defective, sum(good_units)::DOUBLE AS good_units,
         sum(energy_kwh)::DOUBLE AS energy_consumed_kwh
  FROM runs GROUP BY 1, 2
),
by_product AS (
  SELECT event_date, product_name AS entity, count(*)::DOUBLE AS batches, sum(units_produced)::DOUBLE AS units_produced,
         sum(units_defective)::DOUBLE AS units_defective, sum(good_units)::DOUBLE AS good_units,
         sum(energy_kwh)::DOUBLE AS energy_consumed_kwh
  FROM runs GROUP BY 1, 2
)
SELECT event_date::VARCHAR AS day, 'factory' AS entity_type, entity, metric, value
FROM by_factory UNPIVOT (value FOR metric IN (total_batches, units_produced, units_defective, good_units, energy_consumed_kwh))
UNION ALL
SELECT event_date::VARCHAR, 'machine', entity, metric, value
FROM by_machine UNPIVOT (value FOR metric IN (batches, units_produced, units_defective, good_units, energy_consumed_kwh))
UNION ALL
SELECT event_date::VARCHAR, 'product', entity, metric, value
FROM by_product UNPIVOT (value FOR metric IN (batches, units_produced, units_defective, good_units, energy_consumed_kwh))
