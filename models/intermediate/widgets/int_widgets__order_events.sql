-- One row per production-order event (created, in_progress, completed), cleaned: redelivered
-- copies dropped (same order and status), widget types canonical, plant-local time → UTC.
WITH ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY source_id, order_id, status ORDER BY _logical_date, _source_file, _ordinal) AS copy_no,
    count(*) OVER (PARTITION BY source_id, order_id, status) AS copies
  FROM silver.stg_widgets__production_orders
  WHERE order_id IS NOT NULL
)
SELECT
  r.source_id AS factory_id,
  r.order_id,
  r.status,
  silver.local_to_utc(r.event_local, f.timezone) AS event_at,
  silver.local_date(silver.local_to_utc(r.event_local, f.timezone), f.timezone) AS event_date,
  p.product_name AS widget_type,
  r.widget_type_raw,
  r.quantity,
  r.priority,
  r.quantity_completed,
  p.product_name IS NULL AS type_unresolved,
  r.copies - 1 AS redelivered_copies,
  r._logical_date AS delivered_on,
  r._source_file,
  r._ordinal
FROM ranked r
LEFT JOIN silver.int_factory f ON f.factory_id = r.source_id
LEFT JOIN silver.int_product_keys p ON p.source_id = r.source_id AND p.product_key = silver.product_key(r.widget_type_raw)
WHERE r.copy_no = 1
