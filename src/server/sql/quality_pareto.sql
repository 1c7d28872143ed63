-- Defect Pareto over a range of plant-local days (the QC check's day) from kpi_defect_reasons, with
-- the rules of kpi_defect_pareto(_day): occurrences per reason, share = occurrences / all,
-- cumulative share in descending order of occurrences (ties by reason name).
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
WITH counts AS (
  SELECT factory_id, coalesce(reason, 'unknown') AS reason, count(*) AS occurrences
  FROM gold.kpi_defect_reasons
  WHERE ($factory IS NULL OR factory_id = $factory)
    AND event_date BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
)
SELECT
  factory_id,
  reason,
  occurrences,
  row_number() OVER (PARTITION BY factory_id ORDER BY occurrences DESC, reason) AS pareto_rank,
  occurrences / sum(occurrences) OVER (PARTITION BY factory_id) AS share,
  sum(occurrences) OVER (PARTITION BY factory_id ORDER BY occurrences DESC, reason ROWS UNBOUNDED PRECEDING)
    / sum(occurrences) OVER (PARTITION BY factory_id) AS cumulative_share
FROM counts
ORDER BY factory_id, pareto_rank
