-- Which sensor reports °F (unit_change: a firmware update switches a machine's temperature to °F).
-- Per machine, source topic and plant-local day: the day's median reading against the machine's
-- coolest daily median (a °C day unless every day is °F). A day is °F when converting its median
-- from °F lands closer to that baseline than the median itself does. Medians ignore spikes.
WITH readings AS (
  SELECT 'machine-telemetry' AS topic, t.source_id AS factory_id, k.machine_id,
         silver.local_date(silver.local_to_utc(t.measured_local, k.timezone), k.timezone) AS event_date,
         t.temperature_raw
  FROM silver.stg_widgets__machine_telemetry t
  JOIN silver.int_widgets__machines k ON k.factory_id = t.source_id AND k.machine_key = silver.name_key(t.machine_raw)
  WHERE t.temperature_raw IS NOT NULL
  UNION ALL
  SELECT 'component-production', c.source_id, k.machine_id,
         silver.local_date(silver.local_to_utc(c.produced_local, k.timezone), k.timezone),
         c.temperature_raw
  FROM silver.stg_widgets__component_production c
  JOIN silver.int_widgets__machines k ON k.factory_id = c.source_id AND k.machine_key = silver.name_key(c.machine_raw)
  WHERE c.temperature_raw IS NOT NULL
),
daily AS (
  SELECT topic, factory_id, machine_id, event_date, median(temperature_raw) AS median_raw, count(*) AS readings
  FROM readings
  GROUP BY ALL
),
based AS (
  SELECT *, min(median_raw) OVER (PARTITION BY topic, factory_id, machine_id) AS baseline_c FROM daily
)
SELECT
  topic,
  factory_id,
  machine_id,
  event_date,
  readings,
  median_raw,
  baseline_c,
  abs((median_raw - 32) / 1.8 - baseline_c) < abs(median_raw - baseline_c) AS is_fahrenheit
FROM based
