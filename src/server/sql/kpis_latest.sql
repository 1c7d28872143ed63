-- Machine KPIs of the newest day in gold (per factory: each factory's own newest day).
-- Params: $factory (NULL = every factory).
WITH newest AS (
  SELECT factory_id, max(event_date) AS event_date
  FROM gold.kpi_oee_machine_day
  WHERE $factory IS NULL OR factory_id = $factory
  GROUP BY factory_id
)
SELECT k.factory_id, k.machine_id, k.event_date, k.pbt_s, k.apt_s, k.pq, k.gq, k.sq, k.ideal_time_s, k.energy_kwh,
       k.failures, k.availability, k.performance, k.quality, k.oee, k.scrap_ratio, k.mtbf_s, k.mttr_s,
       k.energy_per_good_unit_kwh, k.performance_above_100
FROM gold.kpi_oee_machine_day k
JOIN newest USING (factory_id, event_date)
ORDER BY k.factory_id, k.machine_id
