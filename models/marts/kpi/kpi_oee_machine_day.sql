-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- OEE roll-up per machine × plant-local day: the times and counts of kpi_oee_machine_shift (every shift
-- and the time outside them) summed, then divided once — kpis.md: never average
-- percentages. Same columns and KPI formulas as kpi_oee_machine_shift.
-- Times are summed as DECIMAL: a parallel sum of doubles differs in its last bits run to run, and
-- gold must be the same bytes however it is built (twice, incrementally, from a stream).
WITH elements AS (
  SELECT
    factory_id, machine_id, event_date,
    (sum(calendar_s::DECIMAL(38, 9)))::DOUBLE AS calendar_s,
    (sum(pot_s::DECIMAL(38, 9)))::DOUBLE AS pot_s,
    (sum(planned_downtime_s::DECIMAL(38, 9)))::DOUBLE AS planned_downtime_s,
    (sum(pbt_s::DECIMAL(38, 9)))::DOUBLE AS pbt_s,
    (sum(apt_s::DECIMAL(38, 9)))::DOUBLE AS apt_s,
    (sum(asut_s::DECIMAL(38, 9)))::DOUBLE AS asut_s,
    (sum(adet_s::DECIMAL(38, 9)))::DOUBLE AS adet_s,
    (sum(down_s::DECIMAL(38, 9)))::DOUBLE AS down_s,
    (sum(adot_s::DECIMAL(38, 9)))::DOUBLE AS adot_s,
    sum(runs) AS runs,
    sum(pq) AS pq,
    sum(gq) AS gq,
    sum(sq) AS sq,
    sum(ideal_time_s::DECIMAL(38, 9))::DOUBLE AS ideal_time_s,
    sum(energy_kwh)::DECIMAL(18, 2) AS energy_kwh,
    sum(failures) AS failures,
    sum(restorations) AS restorations,
    (sum(ttr_s::DECIMAL(38, 9)))::DOUBLE AS ttr_s,
    (sum(operating_s::DECIMAL(38, 9)))::DOUBLE AS operating_s
  FROM gold.kpi_oee_machine_shift
  WHERE silver.in_window(event_date, 0)
  GROUP BY factory_id, machine_id, event_date
)
SELECT
  *,
  unnest(silver.oee_kpis(pbt_s, apt_s, ideal_time_s, pq, gq, sq, operating_s, failures, ttr_s, restorations, energy_kwh))
FROM elements
