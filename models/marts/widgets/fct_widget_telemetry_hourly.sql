-- config: materialized=incremental; partition_by=event_date; lookback_days=2
-- Widget-plant telemetry per machine and plant-local hour (hour_start_at is the hour's UTC instant,
-- so a repeated DST hour is two rows), the widget plant's counterpart of gold.fct_sensor_hourly.
-- Averages use clean values only: flagged spikes and nulls are left out and counted; °F days are
-- already converted to °C. Status counts are readings per seed-002 status.
WITH r AS (
  SELECT t.*,
    to_timestamp(floor(epoch(t.measured_at) / 3600) * 3600) AS hour_start_at,
    date_trunc('hour', silver.utc_to_local(t.measured_at, f.timezone)) AS hour_local
  FROM silver.int_widgets__telemetry t
  JOIN silver.int_factory f ON f.factory_id = t.factory_id
  WHERE t.machine_id IS NOT NULL AND t.measured_at IS NOT NULL
)
SELECT
  machine_id || '@' || strftime(hour_start_at, '%Y-%m-%dT%H:%M:%SZ') AS sensor_hour_key,
  factory_id,
  machine_id,
  event_date,
  hour_start_at,
  hour_local,
  count(*) AS readings,
  count(*) FILTER (WHERE temperature_is_outlier OR vibration_is_outlier OR power_is_outlier OR efficiency_is_outlier) AS outlier_readings,
  count(*) FILTER (WHERE is_fahrenheit) AS fahrenheit_converted_readings,
  count(*) FILTER (WHERE is_late) AS late_readings,
  count(*) FILTER (WHERE temperature_c IS NULL) AS temperature_nulls,
  count(*) FILTER (WHERE vibration_level IS NULL) AS vibration_nulls,
  count(*) FILTER (WHERE power_w IS NULL) AS power_nulls,
  count(*) FILTER (WHERE efficiency_pct IS NULL) AS efficiency_nulls,
  count(temperature_c) FILTER (WHERE NOT temperature_is_outlier) AS temperature_n,
  avg(CAST(temperature_c AS DECIMAL(18, 4))) FILTER (WHERE NOT temperature_is_outlier) AS temperature_c_avg,
  min(temperature_c) FILTER (WHERE NOT temperature_is_outlier) AS temperature_c_min,
  max(temperature_c) FILTER (WHERE NOT temperature_is_outlier) AS temperature_c_max,
  count(vibration_level) FILTER (WHERE NOT vibration_is_outlier) AS vibration_n,
  avg(CAST(vibration_level AS DECIMAL(18, 4))) FILTER (WHERE NOT vibration_is_outlier) AS vibration_avg,
  max(vibration_level) FILTER (WHERE NOT vibration_is_outlier) AS vibration_max,
  count(power_w) FILTER (WHERE NOT power_is_outlier) AS power_n,
  avg(CAST(power_w AS DECIMAL(18, 4))) FILTER (WHERE NOT power_is_outlier) AS power_w_avg,
  count(efficiency_pct) FILTER (WHERE NOT efficiency_is_outlier) AS efficiency_n,
  avg(CAST(efficiency_pct AS DECIMAL(18, 4))) FILTER (WHERE NOT efficiency_is_outlier) AS efficiency_percent_avg,
  count(*) FILTER (WHERE status = 'running') AS running_readings,
  count(*) FILTER (WHERE status = 'idle') AS idle_readings,
  count(*) FILTER (WHERE status = 'error') AS error_readings,
  count(*) FILTER (WHERE status = 'maintenance') AS maintenance_readings,
  count(*) FILTER (WHERE status = 'shutdown') AS shutdown_readings
FROM r
GROUP BY ALL
