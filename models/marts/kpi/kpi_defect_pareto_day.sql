-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- Defect Pareto per factory × plant-local day (the day of the QC check): occurrences per reason,
-- share, and cumulative share in descending order (ties by reason name).
WITH counts AS (
  SELECT factory_id, event_date, coalesce(reason, 'unknown') AS reason, count(*) AS occurrences
  FROM gold.kpi_defect_reasons
  GROUP BY ALL
)
SELECT
  factory_id,
  event_date,
  reason,
  occurrences,
  row_number() OVER (PARTITION BY factory_id, event_date ORDER BY occurrences DESC, reason) AS pareto_rank,
  occurrences / sum(occurrences) OVER (PARTITION BY factory_id, event_date) AS share,
  sum(occurrences) OVER (PARTITION BY factory_id, event_date ORDER BY occurrences DESC, reason ROWS UNBOUNDED PRECEDING)
    / sum(occurrences) OVER (PARTITION BY factory_id, event_date) AS cumulative_share
FROM counts
