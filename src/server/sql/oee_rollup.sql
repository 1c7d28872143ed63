-- OEE over a range of plant-local days per factory, machine, shift and machine × shift, from the
-- finest mart (kpi_oee_machine_shift): the ISO 22400 times and counts are summed per grain, then
-- divided once (kpis.md: never average percentages). `grain` names the rows: factory (the range's
-- total), machine, shift (factory × shift), machine_shift. A shift_id NULL row of the shift grains is
-- the time outside every shift (runs and failures that fall there). Days: oee_trend.sql.
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
WITH src AS (
  SELECT *
  FROM gold.kpi_oee_machine_shift
  WHERE ($factory IS NULL OR factory_id = $factory)
    AND event_date BETWEEN $from::DATE AND $to::DATE
),
sums AS (
  SELECT
    CASE
      WHEN grouping(machine_id) = 1 AND grouping(shift_id) = 1 THEN 'factory'
      WHEN grouping(shift_id) = 1 THEN 'machine'
      WHEN grouping(machine_id) = 1 THEN 'shift'
      ELSE 'machine_shift'
    END AS grain,
    factory_id,
    CASE WHEN grouping(machine_id) = 0 THEN machine_id END AS machine_id,
    CASE WHEN grouping(shift_id) = 0 THEN shift_id END AS shift_id,
    sum(calendar_s) AS calendar_s,
    sum(pot_s) AS pot_s,
    sum(planned_downtime_s) AS planned_downtime_s,
    sum(pbt_s) AS pbt_s,
    sum(apt_s) AS apt_s,
    sum(asut_s) AS asut_s,
    sum(adet_s) AS adet_s,
    sum(down_s) AS down_s,
    sum(adot_s) AS adot_s,
    sum(runs) AS runs,
    sum(pq) AS pq,
    sum(gq) AS gq,
    sum(sq) AS sq,
    sum(ideal_time_s) AS ideal_time_s,
    sum(energy_kwh)::DOUBLE AS energy_kwh,
    sum(failures) AS failures,
    sum(restorations) AS restorations,
    sum(ttr_s) AS ttr_s,
    sum(operating_s) AS operating_s
  FROM src
  GROUP BY GROUPING SETS (
    (factory_id),
    (factory_id, machine_id),
    (factory_id, shift_id),
    (factory_id, machine_id, shift_id)
  )
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
ORDER BY grain, factory_id, machine_id NULLS FIRST, shift_id NULLS LAST
