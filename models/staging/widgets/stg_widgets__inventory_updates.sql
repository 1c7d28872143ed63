-- One row per stock change as it arrived: typed.
SELECT
  update_id,
  silver.parse_naive("timestamp") AS moved_local,
  item AS item_raw,
  location,
  TRY_CAST(change AS INTEGER) AS change,
  lower(reason) AS reason,
  reference_id,
  TRY_CAST(quantity_on_hand AS INTEGER) AS quantity_on_hand,
  silver.source_id(_source_file) AS source_id,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.inventory_updates_current
