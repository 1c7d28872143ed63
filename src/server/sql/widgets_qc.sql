-- Widget QC checks in a range of plant-local days (gold.fct_widget_qc, by the check's day) per widget
-- type and for the factory: checks, passed, failed, pass rate, failed tests, mean performance score.
-- `grain`: factory, type.
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
SELECT
  CASE WHEN grouping(widget_type) = 1 THEN 'factory' ELSE 'type' END AS grain,
  factory_id,
  CASE WHEN grouping(widget_type) = 0 THEN widget_type END AS widget_type,
  count(*) AS checks,
  count(*) FILTER (WHERE passed) AS passed,
  count(*) FILTER (WHERE NOT passed) AS failed,
  count(*) FILTER (WHERE passed) / count(*) AS pass_rate,
  count(*) FILTER (WHERE NOT electrical_test) AS electrical_failed,
  count(*) FILTER (WHERE NOT mechanical_test) AS mechanical_failed,
  count(*) FILTER (WHERE NOT visual_inspection) AS visual_failed,
  avg(performance_score) AS mean_performance_score
FROM gold.fct_widget_qc
WHERE ($factory IS NULL OR factory_id = $factory)
  AND event_date BETWEEN $from::DATE AND $to::DATE
GROUP BY GROUPING SETS ((factory_id), (factory_id, widget_type))
ORDER BY grain, factory_id, widget_type NULLS FIRST
