-- Production floor: one row per machine with the day's KPIs, output against plan and the
-- degradation trend. Planned units = PBT × the ideal rate in force (for multi-product stations, the
-- day's mix: PQ per ideal second). Only the columns the cards use: the mart's counts are HUGEINT,
-- whose reads cost most of this query (GQ and SQ are on the OEE page). Every table is read for
-- the one day only. Params: $day, $factory (NULL = every factory).
WITH machines AS (
  SELECT factory_id, machine_id, machine_name, machine_type, output_product, ideal_rate_units_per_hour
  FROM gold.dim_machine
  WHERE valid_from <= $day::DATE AND (valid_to IS NULL OR valid_to > $day::DATE)
    AND ($factory IS NULL OR factory_id = $factory)
)
SELECT
  coalesce(k.factory_id, m.factory_id) AS factory_id,
  coalesce(k.machine_id, m.machine_id) AS machine_id,
  m.machine_name, m.machine_type, m.output_product,
  k.pbt_s, k.apt_s, k.down_s, k.pq::BIGINT AS pq, k.failures::BIGINT AS failures,
  k.availability, k.performance, k.quality, k.oee,
  k.pbt_s / 3600.0 * coalesce(m.ideal_rate_units_per_hour, k.pq * 3600.0 / nullif(k.ideal_time_s, 0)) AS planned_units,
  k.pq / nullif(k.pbt_s / 3600.0 * coalesce(m.ideal_rate_units_per_hour, k.pq * 3600.0 / nullif(k.ideal_time_s, 0)), 0)
    AS output_vs_plan,
  d.efficiency, d.fitted_efficiency, d.slope_per_day, d.days_to_threshold, d.alert AS degradation_alert
FROM (
  SELECT factory_id, machine_id, pbt_s, apt_s, down_s, pq, failures, ideal_time_s,
         availability, performance, quality, oee
  FROM gold.kpi_oee_machine_day
  WHERE event_date = $day::DATE AND ($factory IS NULL OR factory_id = $factory)
) k
FULL JOIN machines m ON m.factory_id = k.factory_id AND m.machine_id = k.machine_id
LEFT JOIN (
  SELECT factory_id, machine_id, efficiency, fitted_efficiency, slope_per_day, days_to_threshold, alert
  FROM gold.kpi_degradation_machine_day
  WHERE event_date = $day::DATE AND ($factory IS NULL OR factory_id = $factory)
) d
  ON d.factory_id = coalesce(k.factory_id, m.factory_id) AND d.machine_id = coalesce(k.machine_id, m.machine_id)
ORDER BY 1, 2
