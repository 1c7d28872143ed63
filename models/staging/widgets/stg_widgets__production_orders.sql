-- One row per production-order event (created, in progress, completed) as it arrived: typed.
SELECT
  order_id,
  silver.parse_naive("timestamp") AS event_local,
  widget_type AS widget_type_raw,
  TRY_CAST(quantity AS INTEGER) AS quantity,
  TRY_CAST(priority AS INTEGER) AS priority,
  lower(status) AS status,
  TRY_CAST(quantity_completed AS INTEGER) AS quantity_completed,
  silver.source_id(_source_file) AS source_id,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.production_orders_current
