-- Machines with history (SCD2 from silver.snap_machine): one row per machine version, valid from
-- valid_from (inclusive) to valid_to (exclusive; NULL = still valid), is_current on the newest.
-- Look a machine up as of a day d with valid_from <= d AND (valid_to IS NULL OR d < valid_to).
-- A machine known only from reference/machines.csv (no master-data history) has one version with
-- valid_from NULL (valid for all time).
WITH versions AS (
  SELECT
    machine_id, factory_id, machine_name, machine_type, output_product,
    ideal_rate_units_per_hour, energy_kwh_per_unit, installed_on, line_id, last_overhaul_on,
    valid_from, valid_to, is_current, 'master_data' AS history_source
  FROM silver.snap_machine
),
reference_only AS (
  SELECT
    machine_id, min(factory_id), min(machine_name), min(machine_type), min(output_product),
    min(ideal_rate_units_per_hour), min(energy_kwh_per_unit), min(installed_on),
    NULL::VARCHAR, NULL::DATE, NULL::DATE, NULL::DATE, true, 'reference'
  FROM silver.stg_reference__machines
  WHERE machine_id IS NOT NULL AND machine_id NOT IN (SELECT machine_id FROM versions)
  GROUP BY machine_id
)
SELECT
  machine_id || '@' || coalesce(valid_from::VARCHAR, 'always') AS machine_version_key,
  *
FROM (SELECT * FROM versions UNION ALL SELECT * FROM reference_only)
