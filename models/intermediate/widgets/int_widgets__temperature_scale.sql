-- Which sensor reports °F (unit_change: a firmware update switches a machine's temperature to °F).
-- Per machine, source topic and plant-local day: the day's median reading against a baseline, the
-- median of the machine's earliest day with at least 5 readings (a day only ever compares with that
-- one, so rebuilding a day gives the same answer whatever later days hold). A later day is °F when
-- its median is ≈ 1.8 × baseline + 32 (silver.looks_fahrenheit, the rule the seed sensors use).
-- Medians ignore spikes. A machine in °F from its first day on cannot be told (flag: none).
WITH readings AS (
  SELECT 'machine-telemetry' AS topic, t.source_id AS factory_id, k.machine_id,
         silver.local_date(silver.local_to_utc(t.measured_local, f.timezone), f.timezone) AS event_date,
         t.temperature_raw
  FROM silver.stg_widgets__machine_telemetry t
  JOIN silver.int_machine_keys k ON k.source_id = t.source_id AND k.machine_key = silver.name_key(t.machine_raw)
  JOIN silver.int_factory f ON f.factory_id = t.source_id
  WHERE t.temperature_raw IS NOT NULL AND k.machine_id IS NOT NULL
  UNION ALL
  SELECT 'component-production', c.source_id, k.machine_id,
         silver.local_date(silver.local_to_utc(c.produced_local, f.timezone), f.timezone),
         c.temperature_raw
  FROM silver.stg_widgets__component_production c
  JOIN silver.int_machine_keys k ON k.source_id = c.source_id AND k.machine_key = silver.name_key(c.machine_raw)
  JOIN silver.int_factory f ON f.factory_id = c.source_id
  WHERE c.temperature_raw IS NOT NULL AND k.machine_id IS NOT NULL
),
daily AS (
  SELECT topic, factory_id, machine_id, event_date, median(temperature_raw) AS median_raw, count(*) AS readings
  FROM readings
  GROUP BY ALL
),
baseline AS (
  SELECT topic, factory_id, machine_id,
         arg_min(median_raw, event_date) AS baseline_c, min(event_date) AS baseline_date
  FROM daily
  WHERE readings >= 5
  GROUP BY ALL
)
SELECT
  d.topic,
  d.factory_id,
  d.machine_id,
  d.event_date,
  d.readings,
  d.median_raw,
  b.baseline_c,
  b.baseline_date,
  coalesce(d.event_date > b.baseline_date AND silver.looks_fahrenheit(d.median_raw, b.baseline_c), false) AS is_fahrenheit
FROM daily d
LEFT JOIN baseline b USING (topic, factory_id, machine_id)
