-- config: materialized=incremental; partition_by=event_date; lookback_days=2
-- One row per widget assembled, cleaned: redelivered copies dropped (same widget_id), station ids
-- and widget types canonical, plant-local time → UTC. event_date is the plant-local day the
-- assembly started (the run's day).
WITH ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY source_id, widget_id ORDER BY _logical_date, _source_file, _ordinal) AS copy_no,
    count(*) OVER (PARTITION BY source_id, widget_id) AS copies
  FROM silver.stg_widgets__widget_assembly
  WHERE widget_id IS NOT NULL
),
resolved AS (
  SELECT
    r.*,
    k.machine_id AS station_id,
    f.timezone,
    p.product_name AS widget_type
  FROM ranked r
  LEFT JOIN silver.int_machine_keys k ON k.source_id = r.source_id AND k.machine_key = silver.name_key(r.station_raw)
  LEFT JOIN silver.int_factory f ON f.factory_id = r.source_id
  LEFT JOIN silver.int_product_keys p ON p.source_id = r.source_id AND p.product_key = silver.product_key(r.widget_type_raw)
  WHERE r.copy_no = 1
)
SELECT
  source_id AS factory_id,
  widget_id,
  station_id,
  station_raw,
  widget_type,
  widget_type_raw,
  component_ids,
  len(component_ids) AS component_count,
  silver.local_to_utc(started_local, timezone) AS started_at,
  silver.local_to_utc(completed_local, timezone) AS completed_at,
  silver.local_date(silver.local_to_utc(started_local, timezone), timezone) AS event_date,
  assembly_duration_s,
  worker_id,
  order_id,
  station_id IS NULL AS station_unresolved,
  widget_type IS NULL AS type_unresolved,
  silver.local_date(silver.local_to_utc(started_local, timezone), timezone) < _logical_date AS is_late,
  copies - 1 AS redelivered_copies,
  _logical_date AS delivered_on,
  _source_file,
  _ordinal
FROM resolved
