-- What silver found in a widget-topics drop, keyed like the chaos ledger (file, record number,
-- field; record keys where copies are identical). Findings on topics whose records carry an id
-- (components, assemblies, QC checks) name it: silver keeps one of a record's identical copies,
-- and the damage is matched by id whichever copy that was. Compared with the ledger by `ironworks verify`.
WITH c AS (SELECT * FROM silver.int_widgets__components WHERE split_part(_source_file, '/', 1) = getvariable('verify_source')),
a AS (SELECT * FROM silver.int_widgets__assemblies WHERE split_part(_source_file, '/', 1) = getvariable('verify_source')),
q AS (SELECT * FROM silver.int_widgets__quality_checks WHERE split_part(_source_file, '/', 1) = getvariable('verify_source')),
t AS (SELECT * FROM silver.int_widgets__telemetry WHERE split_part(_source_file, '/', 1) = getvariable('verify_source')),
al AS (SELECT * FROM silver.int_widgets__alerts WHERE split_part(_source_file, '/', 1) = getvariable('verify_source')),
stg_c AS (SELECT * FROM silver.stg_widgets__component_production WHERE source_id = getvariable('verify_source')),
stg_t AS (SELECT * FROM silver.stg_widgets__machine_telemetry WHERE source_id = getvariable('verify_source')),
copies AS (
  SELECT _source_file AS file, component_id AS k FROM stg_c GROUP BY 1, 2 HAVING count(*) > 1
  UNION ALL SELECT _source_file, widget_id FROM silver.stg_widgets__widget_assembly WHERE source_id = getvariable('verify_source') GROUP BY 1, 2 HAVING count(*) > 1
  UNION ALL SELECT _source_file, check_id FROM silver.stg_widgets__quality_control WHERE source_id = getvariable('verify_source') GROUP BY 1, 2 HAVING count(*) > 1
),
telemetry_measures AS (
  SELECT _source_file, _ordinal, f.field, f.value, f.outlier FROM t, LATERAL (VALUES
    ('metrics.temperature_celsius', t.temperature_c, t.temperature_is_outlier),
    ('metrics.vibration_level', t.vibration_level, t.vibration_is_outlier),
    ('metrics.power_consumption_watts', t.power_w, t.power_is_outlier),
    ('metrics.efficiency_percent', t.efficiency_pct, t.efficiency_is_outlier)) f(field, value, outlier)
),
component_measures AS (
  SELECT _source_file, _ordinal, component_id, f.field, f.value, f.outlier FROM c, LATERAL (VALUES
    ('quality_metrics.weight_grams', c.weight_grams, c.weight_is_outlier),
    ('quality_metrics.temperature_celsius', c.temperature_c, c.temperature_is_outlier)) f(field, value, outlier)
)
SELECT 'machine_id_spelling' AS chaos_type, _source_file AS file, _ordinal AS ordinal, 'machine_id' AS field, component_id AS record_key FROM c WHERE machine_raw IS DISTINCT FROM machine_id AND NOT machine_unresolved
UNION ALL SELECT 'machine_id_spelling', _source_file, _ordinal, 'assembly_station_id', widget_id FROM a WHERE station_raw IS DISTINCT FROM station_id AND NOT station_unresolved
UNION ALL SELECT 'machine_id_spelling', _source_file, _ordinal, 'machine_id', NULL FROM t WHERE machine_raw IS DISTINCT FROM machine_id AND NOT machine_unresolved
UNION ALL SELECT 'machine_id_spelling', _source_file, _ordinal, 'machine_id', NULL FROM al WHERE machine_raw IS DISTINCT FROM machine_id AND NOT machine_unresolved
UNION ALL SELECT 'product_name_spelling', _source_file, _ordinal, 'component_type', component_id FROM c WHERE component_type_raw IS DISTINCT FROM component_type AND NOT type_unresolved
UNION ALL SELECT 'product_name_spelling', _source_file, _ordinal, 'widget_type', widget_id FROM a WHERE widget_type_raw IS DISTINCT FROM widget_type AND NOT type_unresolved
UNION ALL SELECT 'duplicate_record', file, NULL, NULL, k FROM copies
UNION ALL SELECT 'late_arrival', _source_file, _ordinal, NULL, component_id FROM c WHERE is_late
UNION ALL SELECT 'late_arrival', _source_file, _ordinal, NULL, check_id FROM q WHERE is_late
UNION ALL SELECT 'late_arrival', _source_file, _ordinal, NULL, NULL FROM t WHERE is_late
UNION ALL SELECT 'timezone_mix', _source_file, _ordinal, 'checked_at', check_id FROM q WHERE was_utc
UNION ALL SELECT 'unit_change', _source_file, _ordinal, 'metrics.temperature_celsius', NULL FROM t WHERE is_fahrenheit AND temperature_c IS NOT NULL
UNION ALL SELECT 'unit_change', _source_file, _ordinal, 'quality_metrics.temperature_celsius', component_id FROM c WHERE is_fahrenheit AND temperature_c IS NOT NULL
UNION ALL SELECT 'sensor_null', _source_file, _ordinal, field, NULL FROM telemetry_measures WHERE value IS NULL
UNION ALL SELECT 'outlier', _source_file, _ordinal, field, NULL FROM telemetry_measures WHERE outlier
UNION ALL SELECT 'sensor_null', _source_file, _ordinal, field, component_id FROM component_measures WHERE value IS NULL
UNION ALL SELECT 'outlier', _source_file, _ordinal, field, component_id FROM component_measures WHERE outlier
UNION ALL SELECT DISTINCT 'schema_drift', _source_file, NULL::BIGINT, 'line_id', NULL FROM silver.stg_widgets__widget_assembly WHERE line_id IS NOT NULL AND source_id = getvariable('verify_source')
UNION ALL SELECT DISTINCT 'schema_drift', _source_file, NULL::BIGINT, 'metrics.power_watts', NULL FROM bronze.machine_telemetry_current
  WHERE json_extract(metrics, '$.power_watts') IS NOT NULL AND split_part(_source_file, '/', 1) = getvariable('verify_source')
UNION ALL SELECT 'malformed_row', _source_file, _ordinal, NULL, NULL FROM bronze.quarantine WHERE split_part(_source_file, '/', 1) = getvariable('verify_source')
