-- config: materialized=table; partition_by=event_date
-- One row per sensor reading, cleaned where a rule can undo the damage exactly and flagged where
-- it cannot (docs/cleaning-rules.md):
--  * machine_id_spelling: canonical machine through int_machine_keys (unresolved → flagged).
--  * naive plant-local → UTC in the zone of the machine's factory; event_date = plant-local day.
--  * timestamp_drift is not recoverable (a clock off by up to ±5 min leaves no trace): readings are
--    kept as written; one that falls outside every batch window of its machine by more than 5 min
--    is flagged is_outside_batch_window.
--  * unit_change: per machine and plant-local day, a day whose median temperature is ≈ 1.8 × the
--    machine's baseline median + 32 is in °F and converted back with round((t − 32) / 1.8, 2) —
--    exact, since °F is written with 3 decimals. Baseline = the machine's earliest day with at
--    least 5 temperatures (a day only ever compares with that one, so rebuilding a day gives the
--    same answer whatever later days hold).
--  * outlier: per machine, plant-local day and measure, |x − median| > 6 × MAD (robust z, see
--    silver.robust_z), or a negative pressure / energy / efficiency, is flagged and kept out of the
--    clean measure columns (*_clean) that averages use. The spike itself is not recoverable.
--    Energy per reading is the energy since the previous reading, so it already varies ×10 with
--    the reading window: its threshold is 15 × MAD (a ×3 spike of a short window stays unseen).
--  * sensor_null: nulls are kept and counted (null_measures), never filled.
WITH r AS (
  SELECT
    s.*,
    mk.machine_id,
    coalesce(mf.factory_id, sf.factory_id) AS factory_id,
    coalesce(mf.timezone, sf.timezone) AS timezone
  FROM silver.stg_seed__sensor_logs s
  LEFT JOIN silver.int_machine_keys mk
    ON mk.source_id = s.source_id AND mk.machine_key = silver.name_key(s.machine_raw)
  LEFT JOIN silver.int_machine_factory mf ON mf.machine_id = mk.machine_id
  LEFT JOIN silver.int_factory sf ON sf.factory_id = s.source_id
),
t AS (
  SELECT *,
    silver.local_to_utc(reading_local, timezone) AS reading_at,
    CAST(reading_local AS DATE) AS event_date
  FROM r
),
machine_days AS (
  SELECT machine_id, event_date, median(temperature) AS day_median, count(temperature) AS n_temperatures
  FROM t WHERE machine_id IS NOT NULL
  GROUP BY machine_id, event_date
),
baseline AS (
  SELECT machine_id, arg_min(day_median, event_date) AS baseline_median, min(event_date) AS baseline_date
  FROM machine_days WHERE n_temperatures >= 5
  GROUP BY machine_id
),
units AS (
  SELECT d.machine_id, d.event_date, d.day_median, b.baseline_median,
         d.event_date > b.baseline_date AND silver.looks_fahrenheit(d.day_median, b.baseline_median) AS is_fahrenheit_day
  FROM machine_days d LEFT JOIN baseline b USING (machine_id)
),
converted AS (
  SELECT t.*,
    coalesce(u.is_fahrenheit_day, false) AS is_fahrenheit_day,
    CASE WHEN u.is_fahrenheit_day THEN silver.fahrenheit_to_celsius(t.temperature) ELSE t.temperature END AS temperature_c
  FROM t LEFT JOIN units u ON u.machine_id = t.machine_id AND u.event_date = t.event_date
),
stats AS (
  SELECT machine_id, event_date,
    median(temperature_c) AS temp_med, mad(temperature_c) AS temp_mad,
    median(pressure) AS pres_med, mad(pressure) AS pres_mad,
    median(energy_kwh) AS energy_med, mad(energy_kwh) AS energy_mad,
    median(efficiency_percent) AS eff_med, mad(efficiency_percent) AS eff_mad
  FROM converted WHERE machine_id IS NOT NULL
  GROUP BY machine_id, event_date
),
flagged AS (
  SELECT c.*,
    coalesce(silver.robust_z(c.temperature_c, s.temp_med, s.temp_mad) > 6, false) AS is_temperature_outlier,
    coalesce(c.pressure < 0 OR silver.robust_z(c.pressure, s.pres_med, s.pres_mad) > 6, false) AS is_pressure_outlier,
    coalesce(c.energy_kwh < 0 OR silver.robust_z(c.energy_kwh, s.energy_med, s.energy_mad) > 15, false) AS is_energy_outlier,
    coalesce(c.efficiency_percent < 0 OR silver.robust_z(c.efficiency_percent, s.eff_med, s.eff_mad) > 6, false) AS is_efficiency_outlier
  FROM converted c
  LEFT JOIN stats s ON s.machine_id = c.machine_id AND s.event_date = c.event_date
),
batches AS (
  SELECT machine_id, start_at, end_at FROM silver.int_production_batches
  WHERE machine_id IS NOT NULL AND start_at IS NOT NULL AND end_at IS NOT NULL
),
in_window AS (
  SELECT DISTINCT f.reading_id
  FROM flagged f
  JOIN batches b
    ON b.machine_id = f.machine_id
   AND f.reading_at >= b.start_at - INTERVAL 5 MINUTE
   AND f.reading_at <= b.end_at + INTERVAL 5 MINUTE
)
SELECT
  f.reading_id,
  f.source_id,
  f.factory_id,
  f.machine_id,
  f.machine_raw,
  f.timezone,
  f.reading_local,
  f.reading_at,
  f.event_date,
  f.temperature AS temperature_raw,
  f.temperature_c,
  f.pressure,
  f.energy_kwh,
  f.efficiency_percent,
  CASE WHEN NOT f.is_temperature_outlier THEN f.temperature_c END AS temperature_c_clean,
  CASE WHEN NOT f.is_pressure_outlier THEN f.pressure END AS pressure_clean,
  CASE WHEN NOT f.is_energy_outlier THEN f.energy_kwh END AS energy_kwh_clean,
  CASE WHEN NOT f.is_efficiency_outlier THEN f.efficiency_percent END AS efficiency_percent_clean,
  f.is_fahrenheit_day,
  f.is_temperature_outlier,
  f.is_pressure_outlier,
  f.is_energy_outlier,
  f.is_efficiency_outlier,
  f.is_temperature_outlier OR f.is_pressure_outlier OR f.is_energy_outlier OR f.is_efficiency_outlier AS is_outlier,
  (f.temperature IS NULL)::INTEGER + (f.pressure IS NULL)::INTEGER
    + (f.energy_kwh IS NULL)::INTEGER + (f.efficiency_percent IS NULL)::INTEGER AS null_measures,
  f.machine_id IS NOT NULL AND w.reading_id IS NULL AS is_outside_batch_window,
  f.machine_id IS NULL AS is_machine_unresolved,
  f.reading_local IS NULL AS is_invalid_time,
  silver.local_time_issue(f.reading_local, f.timezone) AS local_time_issue,
  f.event_date < f._logical_date AS is_late,
  f.firmware_version,
  f._source_file,
  f._ordinal,
  f._logical_date
FROM flagged f
LEFT JOIN in_window w USING (reading_id)
