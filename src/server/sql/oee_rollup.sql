-- OEE over a range of plant-local days per factory and machine: the ISO 22400 times and counts of
-- the day marts (kpi_oee_factory_day, kpi_oee_machine_day) summed per grain, then divided once
-- (kpis.md: never average percentages). The day marts are 1/4 of the shift mart's rows: what the page
-- shows first costs little; machine × shift is oee_shifts.sql, asked apart. Counts are HUGEINT in
-- the marts: summed as BIGINT (they fit), which is exact and much cheaper.
-- `grain`: factory (the range's total), machine. Days: oee_trend.sql.
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
WITH src AS (
  SELECT 'factory' AS grain, NULL::VARCHAR AS machine_id, *
  FROM gold.kpi_oee_factory_day
  WHERE ($factory IS NULL OR factory_id = $factory) AND event_date BETWEEN $from::DATE AND $to::DATE
  UNION ALL BY NAME
  SELECT 'machine' AS grain, *
  FROM gold.kpi_oee_machine_day
  WHERE ($factory IS NULL OR factory_id = $factory) AND event_date BETWEEN $from::DATE AND $to::DATE
),
sums AS (
  SELECT
    grain,
    factory_id,
    machine_id,
    sum(calendar_s) AS calendar_s,
    sum(pot_s) AS pot_s,
    sum(planned_downtime_s) AS planned_downtime_s,
    sum(pbt_s) AS pbt_s,
    sum(apt_s) AS apt_s,
    sum(asut_s) AS asut_s,
    sum(adet_s) AS adet_s,
    sum(down_s) AS down_s,
    sum(adot_s) AS adot_s,
    sum(runs::BIGINT) AS runs,
    sum(pq::BIGINT) AS pq,
    sum(gq::BIGINT) AS gq,
    sum(sq::BIGINT) AS sq,
    sum(ideal_time_s) AS ideal_time_s,
    sum(energy_kwh)::DOUBLE AS energy_kwh,
    sum(failures::BIGINT) AS failures,
    sum(restorations::BIGINT) AS restorations,
    sum(ttr_s) AS ttr_s,
    sum(operating_s) AS operating_s
  FROM src
  GROUP BY grain, factory_id, machine_id
)
SELECT
  *,
  apt_s / nullif(pbt_s, 0) AS availability,
  ideal_time_s / nullif(apt_s, 0) AS performance,
  gq / nullif(pq, 0) AS quality,
  (apt_s / nullif(pbt_s, 0)) * (ideal_time_s / nullif(apt_s, 0)) * (gq / nullif(pq, 0)) AS oee,
  sq / nullif(pq, 0) AS scrap_ratio,
  operating_s / nullif(failures, 0) AS mtbf_s,
  ttr_s / nullif(restorations, 0) AS mttr_s,
  energy_kwh / nullif(gq, 0) AS energy_per_good_unit_kwh,
  ideal_time_s > apt_s AND apt_s > 0 AS performance_above_100
FROM sums
ORDER BY grain, factory_id, machine_id NULLS FIRST
