-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- ISO 22400-2 time elements, counts and KPIs per machine × shift × plant-local day (kpis.md).
-- Grain: (factory_id, machine_id, event_date, shift_id); shift_id NULL is the day's time outside
-- every shift: it has no planned operation time but holds the runs, failures and restorations
-- that started (ended) there, so the machine × day roll-up (kpi_oee_machine_day) is the plain sum
-- of a day's rows.
--   POT = time inside shifts; planned downtime = planned maintenance inside shifts; PBT = POT −
--   planned downtime = APT + ASUT + ADET + down + ADOT. APT producing, ASUT setup, ADET minor
--   stops, down failed, ADOT starved + blocked + idle (fct_machine_state.time_element).
--   PQ / GQ / SQ units produced / good / scrap and ideal time Σ PRU × PQ of the runs that started in
--   the shift (fct_production); energy kWh of those runs.
--   failures: failures that started in the shift; restorations and TTR: repairs completed in it
--   (kpi_failure_events). operating = APT + ASUT (the ISO MTBF numerator).
-- KPIs: availability = APT / PBT, performance = ideal / APT (not clamped: > 1 flags a wrong ideal
-- rate), quality = GQ / PQ, OEE = A × P × Q, scrap ratio = SQ / PQ, MTBF = operating / failures,
-- MTTR = TTR / restorations, kWh per good unit = kWh / GQ; NULL when the denominator is 0.
-- Times are summed as DECIMAL: a parallel sum of doubles differs in its last bits run to run, and
-- gold must be the same bytes however it is built (twice, incrementally, from a stream).
WITH states AS (
  SELECT factory_id, machine_id, event_date, shift_id,
    (sum(duration_s::DECIMAL(38, 9)))::DOUBLE AS calendar_s,
    (sum(duration_s::DECIMAL(38, 9)) FILTER (WHERE shift_id IS NOT NULL))::DOUBLE AS pot_s,
    (sum(duration_s::DECIMAL(38, 9)) FILTER (WHERE shift_id IS NOT NULL AND time_element = 'planned_downtime'))::DOUBLE AS planned_downtime_s,
    (sum(duration_s::DECIMAL(38, 9)) FILTER (WHERE shift_id IS NOT NULL AND time_element = 'apt'))::DOUBLE AS apt_s,
    (sum(duration_s::DECIMAL(38, 9)) FILTER (WHERE shift_id IS NOT NULL AND time_element = 'asut'))::DOUBLE AS asut_s,
    (sum(duration_s::DECIMAL(38, 9)) FILTER (WHERE shift_id IS NOT NULL AND time_element = 'adet'))::DOUBLE AS adet_s,
    (sum(duration_s::DECIMAL(38, 9)) FILTER (WHERE shift_id IS NOT NULL AND time_element = 'down'))::DOUBLE AS down_s,
    (sum(duration_s::DECIMAL(38, 9)) FILTER (WHERE shift_id IS NOT NULL AND time_element = 'adot'))::DOUBLE AS adot_s
  FROM gold.fct_machine_state
  WHERE silver.in_window(event_date, 0)
  GROUP BY ALL
),
production AS (
  SELECT factory_id, machine_id, event_date, shift_id,
    count(*) AS runs,
    sum(units_produced) AS pq,
    sum(good_units) AS gq,
    sum(units_defective) AS sq,
    sum(ideal_time_s::DECIMAL(38, 9))::DOUBLE AS ideal_time_s,
    sum(energy_kwh) AS energy_kwh
  FROM gold.fct_production
  WHERE silver.in_window(event_date, 0)
  GROUP BY ALL
),
failures AS (
  SELECT factory_id, machine_id, failure_date AS event_date, failure_shift_id AS shift_id, count(*) AS failures
  FROM gold.kpi_failure_events WHERE silver.in_window(failure_date, 0) GROUP BY ALL
),
restorations AS (
  SELECT factory_id, machine_id, restoration_date AS event_date, restoration_shift_id AS shift_id,
         count(*) AS restorations, (sum(ttr_s::DECIMAL(38, 9)))::DOUBLE AS ttr_s
  FROM gold.kpi_failure_events WHERE restored_at IS NOT NULL AND silver.in_window(restoration_date, 0) GROUP BY ALL
),
grain AS (
  SELECT factory_id, machine_id, event_date, shift_id FROM states
  UNION SELECT factory_id, machine_id, event_date, shift_id FROM production
  UNION SELECT factory_id, machine_id, event_date, shift_id FROM failures
  UNION SELECT factory_id, machine_id, event_date, shift_id FROM restorations
),
-- (Joins below are NULL-safe on shift_id: the outside-shift row has shift_id NULL.)
elements AS (
  SELECT
    g.factory_id, g.machine_id, g.event_date, g.shift_id,
    coalesce(s.calendar_s, 0) AS calendar_s,
    coalesce(s.pot_s, 0) AS pot_s,
    coalesce(s.planned_downtime_s, 0) AS planned_downtime_s,
    coalesce(s.pot_s, 0) - coalesce(s.planned_downtime_s, 0) AS pbt_s,
    coalesce(s.apt_s, 0) AS apt_s,
    coalesce(s.asut_s, 0) AS asut_s,
    coalesce(s.adet_s, 0) AS adet_s,
    coalesce(s.down_s, 0) AS down_s,
    coalesce(s.adot_s, 0) AS adot_s,
    coalesce(p.runs, 0) AS runs,
    coalesce(p.pq, 0) AS pq,
    coalesce(p.gq, 0) AS gq,
    coalesce(p.sq, 0) AS sq,
    coalesce(p.ideal_time_s, 0) AS ideal_time_s,
    coalesce(p.energy_kwh, 0)::DECIMAL(18, 2) AS energy_kwh,
    coalesce(f.failures, 0) AS failures,
    coalesce(r.restorations, 0) AS restorations,
    coalesce(r.ttr_s, 0) AS ttr_s,
    coalesce(s.apt_s, 0) + coalesce(s.asut_s, 0) AS operating_s
  FROM grain g
  LEFT JOIN states s
    ON s.factory_id = g.factory_id AND s.machine_id = g.machine_id AND s.event_date = g.event_date
   AND s.shift_id IS NOT DISTINCT FROM g.shift_id
  LEFT JOIN production p
    ON p.factory_id = g.factory_id AND p.machine_id = g.machine_id AND p.event_date = g.event_date
   AND p.shift_id IS NOT DISTINCT FROM g.shift_id
  LEFT JOIN failures f
    ON f.factory_id = g.factory_id AND f.machine_id = g.machine_id AND f.event_date = g.event_date
   AND f.shift_id IS NOT DISTINCT FROM g.shift_id
  LEFT JOIN restorations r
    ON r.factory_id = g.factory_id AND r.machine_id = g.machine_id AND r.event_date = g.event_date
   AND r.shift_id IS NOT DISTINCT FROM g.shift_id
)
SELECT
  *,
  unnest(silver.oee_kpis(pbt_s, apt_s, ideal_time_s, pq, gq, sq, operating_s, failures, ttr_s, restorations, energy_kwh))
FROM elements
