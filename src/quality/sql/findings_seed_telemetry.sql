-- What silver found in a seed-format plant's clock-sampled telemetry (telemetry.jsonl), keyed like
-- the chaos ledger: (file, record number, field). Compared with the ledger by `ironworks verify`.
-- One plain filtered scan per measure (not a row per reading and measure): the large plant has
-- tens of millions of readings.
WITH t AS (SELECT * FROM silver.int_telemetry__readings WHERE source_id = getvariable('verify_source'))
SELECT 'machine_id_spelling' AS chaos_type, _source_file AS file, _ordinal AS ordinal, 'machine_id' AS field, NULL AS record_key FROM t WHERE machine_raw IS DISTINCT FROM machine_id AND NOT is_machine_unresolved
UNION ALL SELECT 'unit_change', _source_file, _ordinal, 'temperature_c', NULL FROM t WHERE is_fahrenheit
UNION ALL SELECT 'late_arrival', _source_file, _ordinal, NULL, NULL FROM t WHERE is_late
UNION ALL SELECT 'sensor_null', _source_file, _ordinal, 'temperature_c', NULL FROM t WHERE temperature_raw IS NULL
UNION ALL SELECT 'sensor_null', _source_file, _ordinal, 'pressure_bar', NULL FROM t WHERE pressure_bar IS NULL
UNION ALL SELECT 'sensor_null', _source_file, _ordinal, 'vibration_mm_s', NULL FROM t WHERE vibration_mm_s IS NULL
UNION ALL SELECT 'sensor_null', _source_file, _ordinal, 'power_kw', NULL FROM t WHERE power_kw IS NULL
UNION ALL SELECT 'sensor_null', _source_file, _ordinal, 'energy_kwh', NULL FROM t WHERE energy_kwh IS NULL
UNION ALL SELECT 'sensor_null', _source_file, _ordinal, 'efficiency_percent', NULL FROM t WHERE efficiency_percent IS NULL
UNION ALL SELECT 'outlier', _source_file, _ordinal, 'temperature_c', NULL FROM t WHERE is_temperature_outlier
UNION ALL SELECT 'outlier', _source_file, _ordinal, 'pressure_bar', NULL FROM t WHERE is_pressure_outlier
UNION ALL SELECT 'outlier', _source_file, _ordinal, 'vibration_mm_s', NULL FROM t WHERE is_vibration_outlier
UNION ALL SELECT 'outlier', _source_file, _ordinal, 'power_kw', NULL FROM t WHERE is_power_outlier
UNION ALL SELECT 'outlier', _source_file, _ordinal, 'energy_kwh', NULL FROM t WHERE is_energy_outlier
UNION ALL SELECT 'outlier', _source_file, _ordinal, 'efficiency_percent', NULL FROM t WHERE is_efficiency_outlier
