-- What silver found in a seed-format drop, one row per finding, keyed like the chaos ledger:
-- (file, record number, field). Compared with the ledger by `ironworks verify` (chaos scoring).
WITH b AS (SELECT * FROM silver.int_production_batches WHERE source_id = getvariable('verify_source')),
s AS (SELECT * FROM silver.int_sensor_readings WHERE source_id = getvariable('verify_source')),
q AS (SELECT * FROM silver.int_qc_checks WHERE source_id = getvariable('verify_source')),
o AS (SELECT * FROM silver.int_operator_logs WHERE source_id = getvariable('verify_source')),
measures AS (
  SELECT _source_file, _ordinal, m.field, m.value, m.outlier
  FROM s, (VALUES ('temperature', 1), ('pressure', 2), ('energy_kwh', 3), ('efficiency_percent', 4)) f(field, k),
       LATERAL (SELECT f.field AS field,
                       CASE f.k WHEN 1 THEN s.temperature_raw WHEN 2 THEN s.pressure WHEN 3 THEN s.energy_kwh ELSE s.efficiency_percent END AS value,
                       CASE f.k WHEN 1 THEN s.is_temperature_outlier WHEN 2 THEN s.is_pressure_outlier WHEN 3 THEN s.is_energy_outlier ELSE s.is_efficiency_outlier END AS outlier) m
)
SELECT 'product_name_spelling' AS chaos_type, _source_file AS file, _ordinal AS ordinal, 'product_name' AS field, batch_id AS record_key FROM b WHERE product_raw IS DISTINCT FROM product_name AND NOT is_product_unresolved
UNION ALL SELECT 'machine_id_spelling', _source_file, _ordinal, 'machine_id', batch_id FROM b WHERE machine_raw IS DISTINCT FROM machine_id AND NOT is_machine_unresolved
UNION ALL SELECT 'machine_id_spelling', _source_file, _ordinal, 'machine_id', NULL FROM s WHERE machine_raw IS DISTINCT FROM machine_id AND NOT is_machine_unresolved
UNION ALL SELECT 'machine_id_spelling', _source_file, _ordinal, 'machine_id', log_id || '|' || machine_id FROM o WHERE machine_raw IS DISTINCT FROM machine_id AND NOT is_machine_unresolved
-- Copies are identical, so a duplicate is named by file and batch id (record key), not by which copy went.
UNION ALL
SELECT 'duplicate_record', st._source_file, NULL, NULL, st.batch_id
FROM silver.stg_seed__production_batches st
WHERE st.source_id = getvariable('verify_source')
  AND EXISTS (SELECT 1 FROM b WHERE b.batch_id = st.batch_id)
  AND NOT EXISTS (SELECT 1 FROM b WHERE b._source_file = st._source_file AND b._ordinal = st._ordinal)
UNION ALL SELECT 'late_arrival', _source_file, _ordinal, NULL, NULL FROM b WHERE is_late
UNION ALL SELECT 'late_arrival', _source_file, _ordinal, NULL, NULL FROM s WHERE is_late
UNION ALL SELECT 'late_arrival', _source_file, _ordinal, NULL, NULL FROM q WHERE is_late
UNION ALL SELECT 'timezone_mix', _source_file, _ordinal, 'check_timestamp', NULL FROM q WHERE is_tz_corrected
UNION ALL SELECT 'timezone_mix', _source_file, _ordinal, 'log_timestamp', NULL FROM o WHERE is_tz_corrected
UNION ALL SELECT 'unit_change', _source_file, _ordinal, 'temperature', NULL FROM s WHERE is_fahrenheit_day AND temperature_raw IS NOT NULL
UNION ALL SELECT 'timestamp_drift', _source_file, _ordinal, 'timestamp', NULL FROM s WHERE is_outside_batch_window
UNION ALL SELECT 'sensor_null', _source_file, _ordinal, field, NULL FROM measures WHERE value IS NULL
UNION ALL SELECT 'outlier', _source_file, _ordinal, field, NULL FROM measures WHERE outlier
-- Drift is a property of a file: the renamed or added column has values there.
UNION ALL SELECT DISTINCT 'schema_drift', _source_file, NULL::BIGINT, 'defective_units', NULL FROM bronze.production_batches_current WHERE defective_units IS NOT NULL AND split_part(_source_file, '/', 1) = getvariable('verify_source')
UNION ALL SELECT DISTINCT 'schema_drift', _source_file, NULL::BIGINT, 'operator_notes', NULL FROM bronze.operator_logs_current WHERE operator_notes IS NOT NULL AND split_part(_source_file, '/', 1) = getvariable('verify_source')
UNION ALL SELECT DISTINCT 'schema_drift', _source_file, NULL::BIGINT, 'firmware_version', NULL FROM bronze.sensor_logs_current WHERE firmware_version IS NOT NULL AND split_part(_source_file, '/', 1) = getvariable('verify_source')
UNION ALL SELECT 'malformed_row', _source_file, _ordinal, NULL, NULL FROM bronze.quarantine WHERE split_part(_source_file, '/', 1) = getvariable('verify_source')
