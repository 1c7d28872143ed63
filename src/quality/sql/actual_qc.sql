-- Quality checks per day (batch checks of the seed drop and widget checks), and failures by reason.
WITH checks AS (
  SELECT event_date, is_pass AS passed FROM gold.fct_quality_check WHERE factory_id = getvariable('verify_factory')
  UNION ALL
  SELECT event_date, passed FROM gold.fct_widget_qc WHERE factory_id = getvariable('verify_factory')
),
daily AS (
  SELECT event_date, count(*)::DOUBLE AS checks, count(*) FILTER (WHERE passed)::DOUBLE AS passed,
         count(*) FILTER (WHERE NOT passed)::DOUBLE AS failed
  FROM checks GROUP BY 1
)
SELECT event_date::VARCHAR AS day, 'qc' AS entity_type, '*' AS entity, metric, value
FROM daily UNPIVOT (value FOR metric IN (checks, passed, failed))
UNION ALL
SELECT event_date::VARCHAR, 'qc', '*', 'by_reason.' || reason, count(*)::DOUBLE
FROM gold.kpi_defect_reasons
WHERE factory_id = getvariable('verify_factory') AND reason IS NOT NULL
GROUP BY ALL
