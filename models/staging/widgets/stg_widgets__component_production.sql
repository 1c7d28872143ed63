-- config: materialized=incremental; partition_by=_logical_date; lookback_days=0
-- One row per component-production event as it arrived (formats.md §2): typed, nested metrics
-- flattened. Spellings, duplicates, °F and outliers are still in; cleaning is in intermediate.
SELECT
  component_id,
  component_type AS component_type_raw,
  machine_id AS machine_raw,
  batch_id,
  silver.parse_naive(produced_at) AS produced_local,
  TRY_CAST(json_extract_string(quality_metrics, '$.weight_grams') AS DOUBLE) AS weight_grams,
  TRY_CAST(json_extract_string(quality_metrics, '$.dimensions_mm.length') AS DOUBLE) AS length_mm,
  TRY_CAST(json_extract_string(quality_metrics, '$.dimensions_mm.width') AS DOUBLE) AS width_mm,
  TRY_CAST(json_extract_string(quality_metrics, '$.dimensions_mm.height') AS DOUBLE) AS height_mm,
  TRY_CAST(json_extract_string(quality_metrics, '$.temperature_celsius') AS DOUBLE) AS temperature_raw,
  TRY_CAST(json_extract_string(quality_metrics, '$.defect_count') AS INTEGER) AS defect_count,
  production_line,
  silver.source_id(_source_file) AS source_id,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.component_production_current
