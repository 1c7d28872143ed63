-- QC checks per factory over a range of plant-local days (the check's day), both plants: the
-- seed format's batch checks (fct_quality_check) and the widget plant's (fct_widget_qc).
-- pass_rate = passed / checks.
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
WITH checks AS (
  SELECT factory_id, is_pass AS passed FROM gold.fct_quality_check
  WHERE ($factory IS NULL OR factory_id = $factory) AND event_date BETWEEN $from::DATE AND $to::DATE
  UNION ALL
  SELECT factory_id, passed FROM gold.fct_widget_qc
  WHERE ($factory IS NULL OR factory_id = $factory) AND event_date BETWEEN $from::DATE AND $to::DATE
)
SELECT factory_id, count(*) AS checks, count(*) FILTER (WHERE passed) AS passed,
       count(*) FILTER (WHERE NOT passed) AS failed,
       count(*) FILTER (WHERE passed) / nullif(count(*), 0) AS pass_rate
FROM checks
GROUP BY factory_id
ORDER BY factory_id
