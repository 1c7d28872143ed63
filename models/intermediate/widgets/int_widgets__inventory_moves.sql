-- config: materialized=incremental; partition_by=event_date; lookback_days=2
-- One row per stock change at a stock point (buffer), cleaned: redelivered copies dropped (same
-- update_id), items canonical, plant-local time → UTC, and the machine whose run caused the move
-- (production, consumption and returns reference a run id `<machine>_<yyyymmdd>_<seq>`).
WITH ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY source_id, update_id ORDER BY _logical_date, _source_file, _ordinal) AS copy_no,
    count(*) OVER (PARTITION BY source_id, update_id) AS copies
  FROM silver.stg_widgets__inventory_updates
  WHERE update_id IS NOT NULL
),
zoned AS (
  SELECT r.*,
    z.timezone,
    p.product_name AS item,
    regexp_extract(r.reference_id, '^(.+)_[0-9]{8}_[0-9]+$', 1) AS run_machine_raw
  FROM ranked r
  LEFT JOIN silver.int_factory z ON z.factory_id = r.source_id
  LEFT JOIN silver.int_product_keys p ON p.source_id = r.source_id AND p.product_key = silver.product_key(r.item_raw)
  WHERE r.copy_no = 1
)
SELECT
  z.source_id AS factory_id,
  z.update_id,
  silver.local_to_utc(z.moved_local, z.timezone) AS moved_at,
  silver.local_date(silver.local_to_utc(z.moved_local, z.timezone), z.timezone) AS event_date,
  z.item,
  z.item_raw,
  z.location,
  z.change,
  z.reason,
  z.reference_id,
  CASE WHEN z.reason IN ('produced', 'consumed', 'returned') THEN k.machine_id END AS machine_id,
  z.quantity_on_hand,
  z.item IS NULL AS item_unresolved,
  silver.local_date(silver.local_to_utc(z.moved_local, z.timezone), z.timezone) < z._logical_date AS is_late,
  z.copies - 1 AS redelivered_copies,
  z._logical_date AS delivered_on,
  z._source_file,
  z._ordinal
FROM zoned z
LEFT JOIN silver.int_machine_keys k
  ON k.source_id = z.source_id AND k.machine_key = silver.name_key(z.run_machine_raw)
