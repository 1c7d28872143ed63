-- MTBF and MTTR over a range of plant-local days from kpi_reliability_machine_day: failures,
-- restorations, time to restoration and operating time (APT + ASUT) summed per grain, then divided
-- once. MTBF is the ISO 22400 meaning (operating time between failures), not "uptime + downtime".
-- `grain`: factory (the range's total), machine, day (factory × day).
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
WITH src AS (
  SELECT *
  FROM gold.kpi_reliability_machine_day
  WHERE ($factory IS NULL OR factory_id = $factory)
    AND event_date BETWEEN $from::DATE AND $to::DATE
),
sums AS (
  SELECT
    CASE
      WHEN grouping(machine_id) = 1 AND grouping(event_date) = 1 THEN 'factory'
      WHEN grouping(event_date) = 1 THEN 'machine'
      ELSE 'day'
    END AS grain,
    factory_id,
    CASE WHEN grouping(machine_id) = 0 THEN machine_id END AS machine_id,
    CASE WHEN grouping(event_date) = 0 THEN event_date END AS event_date,
    sum(failures) AS failures,
    sum(restorations) AS restorations,
    sum(ttr_s) AS ttr_s,
    sum(apt_s) AS apt_s,
    sum(asut_s) AS asut_s,
    sum(operating_s) AS operating_s,
    sum(down_s) AS down_s
  FROM src
  GROUP BY GROUPING SETS ((factory_id), (factory_id, machine_id), (factory_id, event_date))
)
SELECT
  *,
  operating_s / nullif(failures, 0) AS mtbf_s,
  ttr_s / nullif(restorations, 0) AS mttr_s
FROM sums
ORDER BY grain, factory_id, machine_id NULLS FIRST, event_date NULLS FIRST
