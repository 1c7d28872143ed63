-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- Sensor readings per machine and plant-local hour (hour_start_at is that hour's UTC instant, so a
-- repeated DST hour is two rows). Averages use clean values only: outliers and nulls are left out
-- and counted; °F days are already converted to °C (int_sensor_readings). Sums and averages run on
-- DECIMAL so they do not depend on row order (a late reading joins its hour in a later build).
WITH r AS (
  SELECT *,
    reading_at - (timezone(timezone, reading_at) - date_trunc('hour', timezone(timezone, reading_at))) AS hour_start_at,
    date_trunc('hour', timezone(timezone, reading_at)) AS hour_local
  FROM silver.int_sensor_readings
  WHERE machine_id IS NOT NULL AND reading_at IS NOT NULL AND timezone IS NOT NULL
    AND silver.in_window(event_date, 0)
)
SELECT
  machine_id || '@' || strftime(hour_start_at, '%Y-%m-%dT%H:%M:%SZ') AS sensor_hour_key,
  factory_id,
  machine_id,
  event_date,
  hour_start_at,
  hour_local,
  count(*) AS readings,
  count(*) FILTER (WHERE is_outlier) AS outlier_readings,
  count(*) FILTER (WHERE is_fahrenheit_day) AS fahrenheit_converted_readings,
  count(*) FILTER (WHERE is_outside_batch_window) AS outside_batch_window_readings,
  count(*) FILTER (WHERE is_late) AS late_readings,
  count(*) FILTER (WHERE temperature_raw IS NULL) AS temperature_nulls,
  count(*) FILTER (WHERE pressure IS NULL) AS pressure_nulls,
  count(*) FILTER (WHERE energy_kwh IS NULL) AS energy_nulls,
  count(*) FILTER (WHERE efficiency_percent IS NULL) AS efficiency_nulls,
  count(temperature_c_clean) AS temperature_n,
  avg(CAST(temperature_c_clean AS DECIMAL(18, 4))) AS temperature_c_avg,
  min(temperature_c_clean) AS temperature_c_min,
  max(temperature_c_clean) AS temperature_c_max,
  count(pressure_clean) AS pressure_n,
  avg(CAST(pressure_clean AS DECIMAL(18, 4))) AS pressure_bar_avg,
  count(energy_kwh_clean) AS energy_n,
  sum(CAST(energy_kwh_clean AS DECIMAL(18, 4))) AS energy_kwh_sum,
  count(efficiency_percent_clean) AS efficiency_n,
  avg(CAST(efficiency_percent_clean AS DECIMAL(18, 4))) AS efficiency_percent_avg
FROM r
GROUP BY ALL
