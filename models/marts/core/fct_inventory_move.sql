-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- One row per stock change of a buffer, with the canonical product and the plant-local day.
SELECT
  source_id,
  move_id,
  factory_id,
  buffer_id,
  product_name,
  item_raw AS item_id,
  moved_at,
  event_date,
  change,
  reason,
  reference_id,
  quantity_on_hand,
  is_item_unresolved,
  _source_file AS source_file,
  _logical_date AS drop_date
FROM silver.int_inventory_moves
WHERE event_date IS NOT NULL AND silver.in_window(event_date, 0)
