-- One row per QC check as it arrived. check_id is not unique across generators: never a key alone.
SELECT
  silver.source_id(_source_file) AS source_id,
  nullif(trim(check_id), '') AS check_id,
  nullif(trim(batch_id), '') AS batch_id,
  -- naive: plant-local, or UTC for some rows (timezone_mix); decided in int_qc_checks
  silver.parse_naive(check_timestamp) AS check_naive,
  nullif(trim(inspector_id), '') AS inspector_id,
  upper(trim(pass_fail)) AS pass_fail,
  defect_notes,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.qc_checks_current
