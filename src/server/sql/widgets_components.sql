-- Components made in a range of plant-local days (gold.fct_component, by the day they were produced):
-- produced, defective (defect_count >= 2), good, consumed by a widget so far.
-- `grain`: factory, type (component type), machine (machine × type).
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
SELECT
  CASE
    WHEN grouping(component_type) = 1 THEN 'factory'
    WHEN grouping(machine_id) = 1 THEN 'type'
    ELSE 'machine'
  END AS grain,
  factory_id,
  CASE WHEN grouping(component_type) = 0 THEN component_type END AS component_type,
  CASE WHEN grouping(machine_id) = 0 THEN machine_id END AS machine_id,
  count(*) AS produced,
  count(*) FILTER (WHERE is_defective) AS defective,
  count(*) FILTER (WHERE NOT is_defective) AS good,
  count(consumed_by_widget_id) AS consumed,
  count(*) FILTER (WHERE is_defective) / count(*) AS defect_rate
FROM gold.fct_component
WHERE ($factory IS NULL OR factory_id = $factory)
  AND event_date BETWEEN $from::DATE AND $to::DATE
GROUP BY GROUPING SETS ((factory_id), (factory_id, component_type), (factory_id, component_type, machine_id))
ORDER BY grain, factory_id, component_type NULLS FIRST, machine_id NULLS FIRST
