-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- Efficiency trend per machine × plant-local day, for wear that slows a machine down.
--   efficiency = units made / (ideal rate × producing hours) = Σ (units × 3600 / ideal rate) / APT
--     (= ideal time / APT: with one product and rate, PQ / (rate × APT hours)); NULL without APT.
--   The trend is a least-squares line through the daily efficiencies of the last 14 days, but no
--   further back than the machine's last overhaul (an overhaul restores efficiency: a planned
--   maintenance interval with reason `overhaul`). slope_per_day is its slope; fitted_efficiency its
--   value today; days_to_threshold how many days until it reaches the threshold (80 %) at that
--   slope (0 when already there; NULL when flat or improving, or with fewer than 3 days).
--   alert: at least 3 days of trend and the threshold reached or due within 7 days.
WITH params AS (
  SELECT 0.80 AS threshold, 14 AS window_days, 3 AS min_days, 7 AS horizon_days
),
daily AS (
  SELECT factory_id, machine_id, event_date, pq, apt_s, ideal_time_s,
         ideal_time_s / nullif(apt_s, 0) AS efficiency
  FROM gold.kpi_oee_machine_day
  -- a day's trend reads the 14 days up to it
  WHERE silver.in_window(event_date, 14)
),
overhauls AS (
  SELECT DISTINCT factory_id, machine_id, event_date
  FROM gold.fct_machine_state
  WHERE state = 'planned_maintenance' AND reason = 'overhaul'
),
segmented AS (
  SELECT d.*,
    (SELECT max(o.event_date) FROM overhauls o
      WHERE o.factory_id = d.factory_id AND o.machine_id = d.machine_id AND o.event_date <= d.event_date) AS last_overhaul_date
  FROM daily d
),
fits AS (
  SELECT
    d.factory_id, d.machine_id, d.event_date,
    count(w.efficiency) AS trend_days,
    regr_slope(w.efficiency, (w.event_date - d.event_date)::DOUBLE) AS slope_per_day,
    regr_intercept(w.efficiency, (w.event_date - d.event_date)::DOUBLE) AS fitted_efficiency
  FROM segmented d
  CROSS JOIN params p
  JOIN segmented w
    ON w.factory_id = d.factory_id AND w.machine_id = d.machine_id
   AND w.event_date <= d.event_date
   AND w.event_date > d.event_date - p.window_days
   AND w.event_date >= coalesce(d.last_overhaul_date, w.event_date)
   AND w.efficiency IS NOT NULL
  GROUP BY ALL
)
SELECT
  s.factory_id,
  s.machine_id,
  s.event_date,
  s.pq,
  s.apt_s,
  s.ideal_time_s,
  s.efficiency,
  s.last_overhaul_date,
  f.trend_days,
  CASE WHEN f.trend_days >= p.min_days THEN f.slope_per_day END AS slope_per_day,
  CASE WHEN f.trend_days >= p.min_days THEN f.fitted_efficiency END AS fitted_efficiency,
  p.threshold,
  CASE
    WHEN f.trend_days < p.min_days OR f.trend_days IS NULL THEN NULL
    WHEN f.fitted_efficiency <= p.threshold THEN 0
    WHEN f.slope_per_day < 0 THEN (p.threshold - f.fitted_efficiency) / f.slope_per_day
  END AS days_to_threshold,
  coalesce(
    f.trend_days >= p.min_days
    AND (f.fitted_efficiency <= p.threshold
         OR (f.slope_per_day < 0 AND (p.threshold - f.fitted_efficiency) / f.slope_per_day <= p.horizon_days)),
    false) AS alert
FROM segmented s
CROSS JOIN params p
LEFT JOIN fits f USING (factory_id, machine_id, event_date)
