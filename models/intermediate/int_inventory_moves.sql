-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- lookback_days=0: inventory_moves records arrive in their own day's drop (late_arrival's default sources are
-- batches, sensor logs and QC checks); a plant whose inventory_moves can arrive late needs its lateness here.
-- One row per stock change of a buffer. Timestamps carry their offset (exact instants); the
-- plant-local day comes from the factory's zone. The item (an item id such as iron_plate) is
-- resolved to a canonical product name through int_product_keys; an item that does not resolve
-- keeps NULL and is flagged (raw materials with no alias stay unresolved, e.g. in another drop).
-- Unreadable lines (malformed_row) never get here: bronze quarantined them with the reason.
SELECT
  m.source_id,
  m.move_id,
  coalesce(m.factory_id, m.source_id) AS factory_id,
  m.buffer_id,
  m.item_raw,
  pk.product_name,
  m.moved_at,
  silver.local_date(m.moved_at, f.timezone) AS event_date,
  m.change,
  m.reason,
  m.reference_id,
  m.quantity_on_hand,
  pk.product_name IS NULL AS is_item_unresolved,
  m.moved_at IS NULL OR m.change IS NULL AS is_invalid,
  m._source_file,
  m._ordinal,
  m._logical_date
FROM silver.stg_seed__inventory_moves m
LEFT JOIN silver.int_product_keys pk
  ON pk.source_id = m.source_id AND pk.product_key = silver.product_key(m.item_raw)
LEFT JOIN silver.int_factory f ON f.factory_id = coalesce(m.factory_id, m.source_id)
-- an incremental build reads the days it rebuilds (a UTC date is within a day of the plant's)
WHERE silver.in_window(CAST(m.moved_at AS DATE), 1)
