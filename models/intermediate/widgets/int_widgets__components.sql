-- config: materialized=incremental; partition_by=event_date; lookback_days=2
-- One row per component made (scrapped ones too), cleaned: redelivered copies dropped (same
-- component_id), machine ids and component types canonical, plant-local time → UTC, °F back to °C,
-- spikes flagged (weight <= 0 or over twice the type's 99th percentile of the day; temperature < 0
-- or over twice the machine's 99th percentile of the day). A late event keeps its own day (event_date from produced_at), flagged is_late.
WITH ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY source_id, component_id ORDER BY _logical_date, _source_file, _ordinal) AS copy_no,
    count(*) OVER (PARTITION BY source_id, component_id) AS copies
  FROM silver.stg_widgets__component_production
  WHERE component_id IS NOT NULL
),
resolved AS (
  SELECT
    r.*,
    k.machine_id,
    f.timezone,
    p.product_name AS component_type
  FROM ranked r
  LEFT JOIN silver.int_machine_keys k ON k.source_id = r.source_id AND k.machine_key = silver.name_key(r.machine_raw)
  LEFT JOIN silver.int_factory f ON f.factory_id = r.source_id
  LEFT JOIN silver.int_product_keys p ON p.source_id = r.source_id AND p.product_key = silver.product_key(r.component_type_raw)
  WHERE r.copy_no = 1
),
timed AS (
  SELECT *,
    silver.local_to_utc(produced_local, timezone) AS produced_at,
    silver.local_date(silver.local_to_utc(produced_local, timezone), timezone) AS event_date
  FROM resolved
),
scaled AS (
  SELECT t.*,
    coalesce(s.is_fahrenheit, false) AND t.temperature_raw IS NOT NULL AS is_fahrenheit,
    CASE WHEN coalesce(s.is_fahrenheit, false) THEN round((t.temperature_raw - 32) / 1.8, 2) ELSE t.temperature_raw END AS temperature_c
  FROM timed t
  LEFT JOIN silver.int_widgets__temperature_scale s
    ON s.topic = 'component-production' AND s.factory_id = t.source_id AND s.machine_id = t.machine_id AND s.event_date = t.event_date
),
bounds AS (
  SELECT *,
    -- per plant-local day, so a day's flags never change when later days arrive
    quantile_cont(weight_grams, 0.99) OVER (PARTITION BY source_id, component_type, event_date) AS weight_p99,
    quantile_cont(temperature_c, 0.99) OVER (PARTITION BY source_id, machine_id, event_date) AS temperature_p99
  FROM scaled
)
SELECT
  source_id AS factory_id,
  component_id,
  machine_id,
  machine_raw,
  component_type,
  component_type_raw,
  batch_id,
  produced_at,
  event_date,
  weight_grams,
  length_mm,
  width_mm,
  height_mm,
  temperature_c,
  defect_count,
  defect_count >= 2 AS is_defective,
  production_line,
  is_fahrenheit,
  coalesce(weight_grams <= 0 OR weight_grams > 2 * weight_p99, false) AS weight_is_outlier,
  coalesce(temperature_c < 0 OR temperature_c > 2 * temperature_p99, false) AS temperature_is_outlier,
  machine_id IS NULL AS machine_unresolved,
  component_type IS NULL AS type_unresolved,
  event_date < _logical_date AS is_late,
  copies - 1 AS redelivered_copies,
  _logical_date AS delivered_on,
  _source_file,
  _ordinal
FROM bounds
