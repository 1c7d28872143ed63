-- One row per stock change of a buffer (inventory_moves.jsonl); offset timestamps are exact instants.
SELECT
  silver.source_id(_source_file) AS source_id,
  nullif(trim(move_id), '') AS move_id,
  TRY_CAST("timestamp" AS TIMESTAMPTZ) AS moved_at,
  trim(factory_id) AS factory_id,
  buffer_id,
  item AS item_raw,
  TRY_CAST(change AS INTEGER) AS change,
  lower(trim(reason)) AS reason,
  nullif(reference_id, '') AS reference_id,
  TRY_CAST(quantity_on_hand AS INTEGER) AS quantity_on_hand,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.inventory_moves_current
