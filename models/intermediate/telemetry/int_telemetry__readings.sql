-- config: materialized=incremental; partition_by=_logical_date; lookback_days=0; batch_days=1
-- One row per clock-sampled telemetry reading (seed-format plants' telemetry.jsonl), cleaned where a
-- rule can undo the damage and flagged where it cannot (docs/cleaning-rules.md, "Telemetry"):
--  * machine_id_spelling: canonical machine through int_machine_keys (unresolved → flagged).
--  * the plant-local day (event_date) of the instant the reading carries (explicit UTC offset).
--  * unit_change: per machine and state, a state-day whose median temperature is ≈ 1.8 × the
--    baseline + 32 (silver.looks_fahrenheit) is in °F; baseline = the median of the machine's
--    earliest day with at least 5 temperatures in that state. A day (and delivery) is °F when most of
--    its compared readings are, and is converted back exactly (silver.fahrenheit_to_celsius).
--  * outlier (spikes; not recoverable): a robust z-score (x − median) / max(MAD, 10 % of the median,
--    0.001) above 6 against int_telemetry__day_stats — per state for temperature (either side: a
--    flipped sign lands below), pressure and vibration (above); over the day's positive readings for
--    energy, power and efficiency (above) — or a negative value of a measure that cannot be
--    negative. Flagged, kept as written.
--  * sensor_null: kept, counted in null_measures.
-- Rebuilt per delivery (pushdown on _logical_date: a new drop never rescans the old ones).
WITH state_days AS (
  SELECT * FROM silver.int_telemetry__day_stats WHERE state IS NOT NULL AND temperature_n >= 5
),
baseline AS (
  SELECT source_id, machine_id, state,
    arg_min(temperature_med, event_date::VARCHAR || _logical_date::VARCHAR) AS baseline_c,
    min(event_date) AS baseline_date
  FROM state_days
  GROUP BY ALL
),
scale AS (
  SELECT d.source_id, d.machine_id, d.event_date, d._logical_date,
    coalesce(sum(d.temperature_n) FILTER (WHERE silver.looks_fahrenheit(d.temperature_med, b.baseline_c)), 0)
      > coalesce(sum(d.temperature_n) FILTER (WHERE NOT silver.looks_fahrenheit(d.temperature_med, b.baseline_c)), 0)
      AS is_fahrenheit_day
  FROM state_days d
  JOIN baseline b USING (source_id, machine_id, state)
  WHERE d.event_date > b.baseline_date
  GROUP BY ALL
),
r AS (
  SELECT t.*,
    coalesce(sc.is_fahrenheit_day, false) AS is_fahrenheit_day,
    s.temperature_med, s.temperature_mad, s.pressure_med, s.pressure_mad, s.vibration_med, s.vibration_mad,
    d.energy_med, d.energy_mad, d.power_med, d.power_mad, d.efficiency_med, d.efficiency_mad
  FROM silver.int_telemetry__located t
  LEFT JOIN scale sc
    ON sc.source_id = t.source_id AND sc.machine_id = t.machine_id AND sc.event_date = t.event_date AND sc._logical_date = t._logical_date
  LEFT JOIN silver.int_telemetry__day_stats s
    ON s.source_id = t.source_id AND s.machine_id = t.machine_id AND s.event_date = t.event_date
   AND s._logical_date = t._logical_date AND s.state = t.state
  LEFT JOIN silver.int_telemetry__day_stats d
    ON d.source_id = t.source_id AND d.machine_id = t.machine_id AND d.event_date = t.event_date
   AND d._logical_date = t._logical_date AND d.state IS NULL
),
c AS (
  SELECT r.*,
    CASE WHEN is_fahrenheit_day THEN silver.fahrenheit_to_celsius(temperature_c) ELSE temperature_c END AS temperature_clean_c,
    -- the state's temperature statistics in °C (median and MAD follow a linear change of scale)
    CASE WHEN is_fahrenheit_day THEN (temperature_med - 32) / 1.8 ELSE temperature_med END AS temperature_med_c,
    CASE WHEN is_fahrenheit_day THEN temperature_mad / 1.8 ELSE temperature_mad END AS temperature_mad_c
  FROM r
)
SELECT
  factory_id,
  source_id,
  machine_id,
  machine_raw,
  reading_at,
  event_date,
  state,
  temperature_c AS temperature_raw,
  temperature_clean_c AS temperature_c,
  pressure_bar,
  vibration_mm_s,
  power_kw,
  energy_kwh,
  efficiency_percent,
  is_fahrenheit_day AND temperature_c IS NOT NULL AS is_fahrenheit,
  coalesce(abs(temperature_clean_c - temperature_med_c)
    / greatest(temperature_mad_c, 0.1 * abs(temperature_med_c), 0.001) > 6, false) AS is_temperature_outlier,
  coalesce(pressure_bar < 0 OR (pressure_bar - pressure_med)
    / greatest(pressure_mad, 0.1 * abs(pressure_med), 0.001) > 6, false) AS is_pressure_outlier,
  coalesce(vibration_mm_s < 0 OR (vibration_mm_s - vibration_med)
    / greatest(vibration_mad, 0.1 * abs(vibration_med), 0.001) > 6, false) AS is_vibration_outlier,
  coalesce(power_kw < 0 OR (power_kw - power_med)
    / greatest(power_mad, 0.1 * abs(power_med), 0.001) > 6, false) AS is_power_outlier,
  coalesce(energy_kwh < 0 OR (energy_kwh - energy_med)
    / greatest(energy_mad, 0.1 * abs(energy_med), 0.001) > 6, false) AS is_energy_outlier,
  coalesce(efficiency_percent < 0 OR (efficiency_percent - efficiency_med)
    / greatest(efficiency_mad, 0.1 * abs(efficiency_med), 0.001) > 6, false) AS is_efficiency_outlier,
  (temperature_c IS NULL)::INTEGER + (pressure_bar IS NULL)::INTEGER + (vibration_mm_s IS NULL)::INTEGER
    + (power_kw IS NULL)::INTEGER + (energy_kwh IS NULL)::INTEGER + (efficiency_percent IS NULL)::INTEGER AS null_measures,
  machine_id IS NULL AS is_machine_unresolved,
  reading_at IS NULL AS is_invalid_time,
  event_date < _logical_date AS is_late,
  _source_file,
  _ordinal,
  _logical_date
FROM c
