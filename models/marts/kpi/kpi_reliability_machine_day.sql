-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- Reliability per machine × plant-local day (ISO 22400-2, kpis.md): failures (failures that
-- started that day), restorations (repairs completed that day), TTR (Σ time to restoration of those
-- repairs, whole repairs), operating time = APT + ASUT (setup and production inside planned time;
-- no down or delay time), MTBF = operating / failures, MTTR = TTR / restorations — NULL when the
-- denominator is 0. MTBF here is the ISO meaning (operating time between failures), not the other
-- common "uptime + downtime" one. The *_to_date columns are the same ratios over every day up to
-- this one (sums divided once).
WITH d AS (
  SELECT factory_id, machine_id, event_date, apt_s, asut_s, down_s, operating_s, failures, restorations, ttr_s
  FROM gold.kpi_oee_machine_day
),
running AS (
  SELECT *,
    sum(operating_s) OVER w AS operating_to_date_s,
    sum(failures) OVER w AS failures_to_date,
    sum(ttr_s) OVER w AS ttr_to_date_s,
    sum(restorations) OVER w AS restorations_to_date
  FROM d
  WINDOW w AS (PARTITION BY factory_id, machine_id ORDER BY event_date ROWS UNBOUNDED PRECEDING)
)
SELECT
  factory_id,
  machine_id,
  event_date,
  failures,
  restorations,
  ttr_s,
  apt_s,
  asut_s,
  operating_s,
  down_s,
  operating_s / nullif(failures, 0) AS mtbf_s,
  ttr_s / nullif(restorations, 0) AS mttr_s,
  operating_to_date_s,
  failures_to_date,
  ttr_to_date_s,
  restorations_to_date,
  operating_to_date_s / nullif(failures_to_date, 0) AS mtbf_to_date_s,
  ttr_to_date_s / nullif(restorations_to_date, 0) AS mttr_to_date_s
FROM running
