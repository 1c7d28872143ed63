-- One row per quality-control check as it arrived: typed, test results flattened. checked_at is
-- still the naive text's wall clock, which is plant time for most rows and UTC for some.
SELECT
  check_id,
  widget_id,
  inspector_id,
  silver.parse_naive(checked_at) AS checked_naive,
  lower(status) AS status,
  TRY_CAST(json_extract_string(test_results, '$.electrical_test') AS BOOLEAN) AS electrical_test,
  TRY_CAST(json_extract_string(test_results, '$.mechanical_test') AS BOOLEAN) AS mechanical_test,
  TRY_CAST(json_extract_string(test_results, '$.visual_inspection') AS BOOLEAN) AS visual_inspection,
  TRY_CAST(json_extract_string(test_results, '$.performance_score') AS DOUBLE) AS performance_score,
  coalesce(TRY_CAST(json(defects_found) AS VARCHAR[]), []::VARCHAR[]) AS defects_found,
  notes,
  silver.source_id(_source_file) AS source_id,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.quality_control_current
