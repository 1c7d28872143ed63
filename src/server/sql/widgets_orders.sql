-- Production orders created in a range of plant-local days (gold.fct_order): orders, quantity ordered
-- and completed, widgets built, mean lead time of the completed ones (created → completed).
-- `grain`: factory, status, type (widget type).
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
SELECT
  CASE
    WHEN grouping(status) = 1 AND grouping(widget_type) = 1 THEN 'factory'
    WHEN grouping(widget_type) = 1 THEN 'status'
    ELSE 'type'
  END AS grain,
  factory_id,
  CASE WHEN grouping(status) = 0 THEN status END AS status,
  CASE WHEN grouping(widget_type) = 0 THEN widget_type END AS widget_type,
  count(*) AS orders,
  sum(quantity) AS quantity,
  sum(quantity_completed) AS quantity_completed,
  sum(widgets_built) AS widgets_built,
  avg(lead_time_s) FILTER (WHERE completed_at IS NOT NULL) AS mean_lead_time_s
FROM gold.fct_order
WHERE ($factory IS NULL OR factory_id = $factory)
  AND event_date BETWEEN $from::DATE AND $to::DATE
GROUP BY GROUPING SETS ((factory_id), (factory_id, status), (factory_id, widget_type))
ORDER BY grain, factory_id, status NULLS FIRST, widget_type NULLS FIRST
