-- Hourly sensor means of a day per machine (outliers left out, °F converted), hour = plant-local
-- hour of day: the seed plant's sensor logs and the widget plant's telemetry (no pressure there).
-- Params: $day, $factory.
SELECT factory_id, machine_id, hour(hour_local) AS hour, readings, temperature_c_avg, pressure_bar_avg,
       efficiency_percent_avg
FROM gold.fct_sensor_hourly
WHERE event_date = $day::DATE AND ($factory IS NULL OR factory_id = $factory)
UNION ALL
SELECT factory_id, machine_id, hour(hour_local), readings, temperature_c_avg, NULL, efficiency_percent_avg
FROM gold.fct_widget_telemetry_hourly
WHERE event_date = $day::DATE AND ($factory IS NULL OR factory_id = $factory)
ORDER BY factory_id, machine_id, hour
