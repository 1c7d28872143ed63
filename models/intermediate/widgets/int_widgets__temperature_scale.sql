-- Which sensor reports °F (unit_change: a firmware update switches a machine's temperature to °F).
-- Per machine, source topic and plant-local day. A machine's temperature depends on what it does,
-- so readings are compared status by status (telemetry status; a component is made while running):
-- the day's median in a status against a baseline, the median of the machine's earliest day with
-- at least 5 readings in that status (a day only ever compares with that one, so rebuilding a day
-- gives the same answer whatever later days hold). A status-day is °F when its median is
-- ≈ 1.8 × baseline + 32 (silver.looks_fahrenheit); the day is °F when most of its compared readings
-- are. Medians ignore spikes. A machine in °F from its first day on cannot be told.
WITH readings AS (
  SELECT 'machine-telemetry' AS topic, t.source_id AS factory_id, k.machine_id, t.status,
         CAST(t.measured_local AS DATE) AS event_date, -- a plant-local wall clock's own day
         t.temperature_raw
  FROM silver.stg_widgets__machine_telemetry t
  JOIN silver.int_machine_keys k ON k.source_id = t.source_id AND k.machine_key = silver.name_key(t.machine_raw)
  WHERE t.temperature_raw IS NOT NULL AND k.machine_id IS NOT NULL
  UNION ALL
  SELECT 'component-production', c.source_id, k.machine_id, 'running',
         CAST(c.produced_local AS DATE),
         c.temperature_raw
  FROM silver.stg_widgets__component_production c
  JOIN silver.int_machine_keys k ON k.source_id = c.source_id AND k.machine_key = silver.name_key(c.machine_raw)
  WHERE c.temperature_raw IS NOT NULL AND k.machine_id IS NOT NULL
),
status_days AS (
  SELECT topic, factory_id, machine_id, status, event_date, median(temperature_raw) AS median_raw, count(*) AS readings
  FROM readings
  GROUP BY ALL
),
baseline AS (
  SELECT topic, factory_id, machine_id, status,
         arg_min(median_raw, event_date) AS baseline_c, min(event_date) AS baseline_date
  FROM status_days
  WHERE readings >= 5
  GROUP BY ALL
),
compared AS (
  SELECT d.*, b.baseline_c, b.baseline_date,
         silver.looks_fahrenheit(d.median_raw, b.baseline_c) AS looks_fahrenheit
  FROM status_days d
  JOIN baseline b USING (topic, factory_id, machine_id, status)
  WHERE d.event_date > b.baseline_date AND d.readings >= 5
)
SELECT
  d.topic,
  d.factory_id,
  d.machine_id,
  d.event_date,
  sum(d.readings) AS readings,
  coalesce(sum(c.readings) FILTER (WHERE c.looks_fahrenheit), 0) AS fahrenheit_readings,
  coalesce(sum(c.readings) FILTER (WHERE NOT c.looks_fahrenheit), 0) AS celsius_readings,
  coalesce(sum(c.readings) FILTER (WHERE c.looks_fahrenheit), 0)
    > coalesce(sum(c.readings) FILTER (WHERE NOT c.looks_fahrenheit), 0) AS is_fahrenheit
FROM status_days d
LEFT JOIN compared c USING (topic, factory_id, machine_id, status, event_date)
GROUP BY d.topic, d.factory_id, d.machine_id, d.event_date
