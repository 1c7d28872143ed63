-- Defect Pareto per factory over all days: each reason's occurrences (checks naming it), its share
-- of all occurrences, and the cumulative share in descending order (ties by reason name), so the
-- "vital few" are the reasons up to ~80 %. Per day: kpi_defect_pareto_day.
WITH counts AS (
  SELECT factory_id, coalesce(reason, 'unknown') AS reason, count(*) AS occurrences
  FROM gold.kpi_defect_reasons
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
