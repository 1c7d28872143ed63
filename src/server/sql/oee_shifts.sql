-- OEE per shift over a range of plant-local days, from the shift mart (kpi_oee_machine_shift): the
-- ISO 22400 times and counts summed per grain, then divided once. The heavy detail of the OEE page,
-- asked apart from oee_rollup.sql (after it, or for one machine). A shift_id NULL row is the time
-- outside every shift (runs and failures that fall there).
-- `grain`: shift (factory × shift), machine_shift. With $machine, that machine's shifts only.
-- Params: $factory (NULL = every factory), $machine (NULL = every machine), $from, $to (days, inclusive).
WITH src AS (
  SELECT *
  FROM gold.kpi_oee_machine_shift
  WHERE ($factory IS NULL OR factory_id = $factory)
    AND ($machine IS NULL OR machine_id = $machine)
    AND event_date BETWEEN $from::DATE AND $to::DATE
),
sums AS (
  SELECT
    CASE WHEN grouping(machine_id) = 1 THEN 'shift' ELSE 'machine_shift' END AS grain,
    factory_id,
    CASE WHEN grouping(machine_id) = 0 THEN machine_id END AS machine_id,
    shift_id,
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
    sum(pq::BIGINT) AS pq,
    sum(gq::BIGINT) AS gq,
    sum(sq::BIGINT) AS sq,
    sum(ideal_time_s) AS ideal_time_s,
    sum(energy_kwh)::DOUBLE AS energy_kwh,
    sum(failures) AS failures,
    sum(restorations) AS restorations,
    sum(ttr_s) AS ttr_s,
    sum(operating_s) AS operating_s
  FROM src
  GROUP BY GROUPING SETS ((factory_id, shift_id), (factory_id, machine_id, shift_id))
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
