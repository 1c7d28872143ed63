-- One row per operator log entry as it arrived. log_id is not unique across generators.
SELECT
  silver.source_id(_source_file) AS source_id,
  nullif(trim(log_id), '') AS log_id,
  machine_id AS machine_raw,
  nullif(trim(operator_id), '') AS operator_id,
  -- naive: plant-local, or UTC for some rows (timezone_mix); decided in int_operator_logs
  silver.parse_naive(log_timestamp) AS log_naive,
  upper(trim(action)) AS action,
  -- schema drift: notes was renamed operator_notes from some day on
  coalesce(notes, operator_notes) AS notes,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.operator_logs_current
