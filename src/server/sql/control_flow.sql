-- Material flow edges of a day (Sankey: supply → stores → machines → stores → shipping/scrap).
-- Params: $day, $factory.
SELECT factory_id, from_node, to_node, item, quantity, is_inferred
FROM gold.kpi_material_flow_day
WHERE event_date = $day::DATE AND ($factory IS NULL OR factory_id = $factory) AND quantity > 0
ORDER BY factory_id, from_node, to_node, item
