-- config: materialized=incremental; partition_by=event_date; lookback_days=1; unique_key=feature_key
-- Features for failure prediction, one row per machine × hour (hour_start_at, a UTC hour; both
-- plants): sensor statistics over the last 1, 4 and 24 hours (this hour included), the shares of the
-- hour each machine state took, recent failures and minor stops, and the label.
--   Sensors: gold.fct_sensor_hourly (seed-format plants: temperature, pressure, energy, efficiency)
--   and gold.fct_widget_telemetry_hourly (widget plant: temperature, vibration, power, efficiency).
--   Rolling means are reading-weighted (Σ hourly mean × n / Σ n); a measure a plant lacks is NULL.
--   States: gold.fct_machine_state cut at hour boundaries; shares are of the hour's calendar time.
--   Label fails_within_24h: a failure (kpi_failure_events) starts within 24 hours after this hour
--   ends. NULL when the data stop before those 24 hours do and no failure was seen in them — the
--   answer is not known yet. hours_to_next_failure: from the hour's end to the next failure start.
--   Leakage guard: every feature uses data up to the hour's end only.
-- Incremental: an hour's row reads the 24 hours before it and looks forward to the next failure,
-- so a build rebuilds per machine every hour from the first day rebuilt (hours are UTC, days
-- plant-local: 14 hours earlier covers any zone) or, when earlier, from the machine's last failure
-- before that: the hours after it were still waiting for their next failure, which the new data may
-- hold. A machine with no failure before is rebuilt whole. Rows are replaced by feature_key.
WITH last_failure AS (
  SELECT factory_id, machine_id, max(failed_at) AS failed_at
  FROM gold.kpi_failure_events
  WHERE failed_at < CAST(silver.since(0) AS TIMESTAMPTZ) - INTERVAL 14 HOUR
  GROUP BY ALL
),
starts AS (
  SELECT factory_id, machine_id, date_trunc('hour', failed_at) - INTERVAL 1 HOUR AS start_at FROM last_failure
),
pieces AS (
  SELECT p.factory_id, p.machine_id, p.state, p.start_at, p.end_at
  FROM gold.fct_machine_state p
  LEFT JOIN starts s USING (factory_id, machine_id)
  WHERE s.start_at IS NULL OR p.end_at >= s.start_at - INTERVAL 24 HOUR
),
hour_pieces AS (
  SELECT p.factory_id, p.machine_id, p.state, h.hour_start_at,
    epoch(least(p.end_at, h.hour_start_at + INTERVAL 1 HOUR)) - epoch(greatest(p.start_at, h.hour_start_at)) AS seconds
  FROM pieces p,
  LATERAL (
    SELECT unnest(generate_series(
      to_timestamp(floor(epoch(p.start_at) / 3600) * 3600),
      p.end_at - INTERVAL 1 MICROSECOND,
      INTERVAL 1 HOUR)) AS hour_start_at
  ) h
),
hours AS (
  SELECT factory_id, machine_id, hour_start_at,
    sum(seconds) AS state_s,
    sum(seconds) FILTER (WHERE state = 'producing') AS producing_s,
    sum(seconds) FILTER (WHERE state = 'setup') AS setup_s,
    sum(seconds) FILTER (WHERE state = 'minor_stop') AS minor_stop_s,
    sum(seconds) FILTER (WHERE state = 'failed') AS failed_s,
    sum(seconds) FILTER (WHERE state = 'planned_maintenance') AS maintenance_s,
    sum(seconds) FILTER (WHERE state IN ('starved', 'blocked', 'idle')) AS waiting_s,
    sum(seconds) FILTER (WHERE state = 'off_shift') AS off_shift_s
  FROM hour_pieces
  WHERE seconds > 0
  GROUP BY ALL
),
sensors AS (
  SELECT factory_id, machine_id, hour_start_at, readings,
    temperature_n, temperature_c_avg::DOUBLE AS temperature_avg, temperature_c_max AS temperature_max,
    efficiency_n, efficiency_percent_avg::DOUBLE AS efficiency_avg,
    pressure_n, pressure_bar_avg::DOUBLE AS pressure_avg,
    energy_n, energy_kwh_sum::DOUBLE AS energy_kwh,
    0 AS vibration_n, NULL::DOUBLE AS vibration_avg, NULL::DOUBLE AS vibration_max,
    0 AS power_n, NULL::DOUBLE AS power_avg
  FROM gold.fct_sensor_hourly
  UNION ALL
  SELECT factory_id, machine_id, hour_start_at, readings,
    temperature_n, temperature_c_avg::DOUBLE, temperature_c_max,
    efficiency_n, efficiency_percent_avg::DOUBLE,
    0, NULL, 0, NULL,
    vibration_n, vibration_avg::DOUBLE, vibration_max,
    power_n, power_w_avg::DOUBLE
  FROM gold.fct_widget_telemetry_hourly
),
failures AS (
  SELECT factory_id, machine_id, failed_at FROM gold.kpi_failure_events
),
data_end AS (
  SELECT factory_id, machine_id, max(end_at) AS data_end_at FROM pieces GROUP BY ALL
),
joined AS (
  SELECT h.*,
    s.readings, s.temperature_n, s.temperature_avg, s.temperature_max, s.efficiency_n, s.efficiency_avg,
    s.pressure_n, s.pressure_avg, s.energy_n, s.energy_kwh, s.vibration_n, s.vibration_avg, s.vibration_max,
    s.power_n, s.power_avg,
    (SELECT count(*) FROM failures f
      WHERE f.factory_id = h.factory_id AND f.machine_id = h.machine_id
        AND f.failed_at >= h.hour_start_at AND f.failed_at < h.hour_start_at + INTERVAL 1 HOUR) AS failures_started
  FROM hours h
  LEFT JOIN sensors s USING (factory_id, machine_id, hour_start_at)
),
rolled AS (
  SELECT *,
    -- reading-weighted rolling means and maxima over 1 / 4 / 24 hours
    sum(temperature_avg * temperature_n) OVER w4 / nullif(sum(temperature_n) OVER w4, 0) AS temperature_mean_4h,
    sum(temperature_avg * temperature_n) OVER w24 / nullif(sum(temperature_n) OVER w24, 0) AS temperature_mean_24h,
    max(temperature_max) OVER w4 AS temperature_max_4h,
    max(temperature_max) OVER w24 AS temperature_max_24h,
    sum(efficiency_avg * efficiency_n) OVER w4 / nullif(sum(efficiency_n) OVER w4, 0) AS efficiency_mean_4h,
    sum(efficiency_avg * efficiency_n) OVER w24 / nullif(sum(efficiency_n) OVER w24, 0) AS efficiency_mean_24h,
    sum(pressure_avg * pressure_n) OVER w4 / nullif(sum(pressure_n) OVER w4, 0) AS pressure_mean_4h,
    sum(pressure_avg * pressure_n) OVER w24 / nullif(sum(pressure_n) OVER w24, 0) AS pressure_mean_24h,
    sum(energy_kwh) OVER w4 AS energy_kwh_4h,
    sum(energy_kwh) OVER w24 AS energy_kwh_24h,
    sum(vibration_avg * vibration_n) OVER w4 / nullif(sum(vibration_n) OVER w4, 0) AS vibration_mean_4h,
    sum(vibration_avg * vibration_n) OVER w24 / nullif(sum(vibration_n) OVER w24, 0) AS vibration_mean_24h,
    max(vibration_max) OVER w24 AS vibration_max_24h,
    sum(power_avg * power_n) OVER w4 / nullif(sum(power_n) OVER w4, 0) AS power_mean_4h,
    sum(power_avg * power_n) OVER w24 / nullif(sum(power_n) OVER w24, 0) AS power_mean_24h,
    sum(coalesce(producing_s, 0)) OVER w24 / nullif(sum(state_s) OVER w24, 0) AS producing_share_24h,
    sum(coalesce(minor_stop_s, 0)) OVER w24 / nullif(sum(state_s) OVER w24, 0) AS minor_stop_share_24h,
    sum(coalesce(failed_s, 0)) OVER w24 / nullif(sum(state_s) OVER w24, 0) AS failed_share_24h,
    sum(failures_started) OVER w24 AS failures_24h
  FROM joined
  WINDOW
    w4 AS (PARTITION BY factory_id, machine_id ORDER BY hour_start_at RANGE BETWEEN INTERVAL 3 HOURS PRECEDING AND CURRENT ROW),
    w24 AS (PARTITION BY factory_id, machine_id ORDER BY hour_start_at RANGE BETWEEN INTERVAL 23 HOURS PRECEDING AND CURRENT ROW)
),
labelled AS (
  SELECT r.*,
    d.data_end_at,
    (SELECT min(f.failed_at) FROM failures f
      WHERE f.factory_id = r.factory_id AND f.machine_id = r.machine_id
        AND f.failed_at >= r.hour_start_at + INTERVAL 1 HOUR) AS next_failure_at
  FROM rolled r
  JOIN data_end d USING (factory_id, machine_id)
)
SELECT
  factory_id,
  machine_id,
  machine_id || '@' || strftime(hour_start_at, '%Y-%m-%dT%H:%M:%SZ') AS feature_key,
  hour_start_at,
  silver.local_date(hour_start_at, f.timezone) AS event_date,
  silver.utc_to_local(hour_start_at, f.timezone) AS hour_local,
  -- this hour (the 1-hour window)
  coalesce(readings, 0) AS readings_1h,
  temperature_avg AS temperature_mean_1h,
  temperature_max AS temperature_max_1h,
  efficiency_avg AS efficiency_mean_1h,
  pressure_avg AS pressure_mean_1h,
  energy_kwh AS energy_kwh_1h,
  vibration_avg AS vibration_mean_1h,
  power_avg AS power_mean_1h,
  coalesce(producing_s, 0) / state_s AS producing_share_1h,
  coalesce(setup_s, 0) / state_s AS setup_share_1h,
  coalesce(minor_stop_s, 0) / state_s AS minor_stop_share_1h,
  coalesce(failed_s, 0) / state_s AS failed_share_1h,
  coalesce(maintenance_s, 0) / state_s AS maintenance_share_1h,
  coalesce(waiting_s, 0) / state_s AS waiting_share_1h,
  coalesce(off_shift_s, 0) / state_s AS off_shift_share_1h,
  failures_started AS failures_1h,
  -- last 4 and 24 hours
  temperature_mean_4h, temperature_mean_24h, temperature_max_4h, temperature_max_24h,
  efficiency_mean_4h, efficiency_mean_24h,
  pressure_mean_4h, pressure_mean_24h,
  energy_kwh_4h, energy_kwh_24h,
  vibration_mean_4h, vibration_mean_24h, vibration_max_24h,
  power_mean_4h, power_mean_24h,
  producing_share_24h, minor_stop_share_24h, failed_share_24h, failures_24h,
  -- label
  (epoch(next_failure_at) - epoch(hour_start_at + INTERVAL 1 HOUR)) / 3600.0 AS hours_to_next_failure,
  CASE
    WHEN next_failure_at < hour_start_at + INTERVAL 25 HOUR THEN true
    WHEN data_end_at >= hour_start_at + INTERVAL 25 HOUR THEN false
  END AS fails_within_24h
FROM labelled
JOIN silver.int_factory f USING (factory_id)
LEFT JOIN starts s USING (factory_id, machine_id)
WHERE s.start_at IS NULL OR labelled.hour_start_at >= s.start_at
