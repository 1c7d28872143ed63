-- OEE per plant-local day over a range (kpi_oee_factory_day) and the range's total: the factory's
-- daily ISO 22400 times and counts summed, then divided once. `grain`: factory (the total), day.
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
WITH sums AS (
  SELECT
    CASE WHEN grouping(event_date) = 1 THEN 'factory' ELSE 'day' END AS grain,
    factory_id,
    CASE WHEN grouping(event_date) = 0 THEN event_date END AS event_date,
    count(*) AS days,
    sum(pot_s) AS pot_s,
    sum(planned_downtime_s) AS planned_downtime_s,
    sum(pbt_s) AS pbt_s,
    sum(apt_s) AS apt_s,
    sum(asut_s) AS asut_s,
    sum(adet_s) AS adet_s,
    sum(down_s) AS down_s,
    sum(adot_s) AS adot_s,
    sum(pq) AS pq,
    sum(gq) AS gq,
    sum(sq) AS sq,
    sum(ideal_time_s) AS ideal_time_s
  FROM gold.kpi_oee_factory_day
  WHERE ($factory IS NULL OR factory_id = $factory)
    AND event_date BETWEEN $from::DATE AND $to::DATE
  GROUP BY GROUPING SETS ((factory_id), (factory_id, event_date))
)
SELECT
  *,
  apt_s / nullif(pbt_s, 0) AS availability,
  ideal_time_s / nullif(apt_s, 0) AS performance,
  gq / nullif(pq, 0) AS quality,
  (apt_s / nullif(pbt_s, 0)) * (ideal_time_s / nullif(apt_s, 0)) * (gq / nullif(pq, 0)) AS oee
FROM sums
ORDER BY grain, factory_id, event_date NULLS FIRST
