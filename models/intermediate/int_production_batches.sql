-- config: materialized=incremental; partition_by=event_date; lookback_days=2
-- One row per batch (source, batch_id): the cleaning rules of production_batches.csv.
--  * duplicate_record: a batch row can arrive more than once, as an exact copy. Keep the earliest
--    copy by (drop day, record number); dup_count says how many arrived; copies that differ in any
--    field are flagged has_conflicting_copies (then the kept one is still the earliest).
--  * late_arrival: a row can land in the drop of a later day. Its day is its own plant-local
--    start date (event_date), never the drop's; is_late = event_date < _logical_date.
--  * machine_id_spelling / product_name_spelling: canonical names through int_machine_keys and
--    int_product_keys; a spelling that resolves to no canonical (or to two) keeps NULL and is
--    flagged (is_machine_unresolved / is_product_unresolved).
--  * naive plant-local → UTC: start/end are read in the zone of the machine's factory (else the
--    drop's factory); a wall clock that does not exist or repeats on a DST day is flagged.
--  * schema_drift (units_defective → defective_units) is mapped in staging.
-- Enrichment for the facts: shift of the start, kWh/unit and ideal rate of the machine as of the
-- day (SCD2 snapshot, else reference), energy = round(units × kWh/unit, 2) on DECIMAL (half-up,
-- exact), ideal_time_s = units × 3600 / ideal rate (the routing's rate for (machine, product) if
-- the machine has one, else the machine's).
WITH src AS (
  SELECT *,
    md5(concat_ws('|', machine_raw, product_raw, start_local::VARCHAR, end_local::VARCHAR,
                  units_produced::VARCHAR, units_defective::VARCHAR)) AS row_hash
  FROM silver.stg_seed__production_batches
  -- an incremental build reads the days it rebuilds (every copy of a batch has the batch's start)
  WHERE batch_id IS NOT NULL AND silver.in_window(CAST(start_local AS DATE), 0)
),
copies AS (
  SELECT source_id, batch_id, count(*) AS dup_count, count(DISTINCT row_hash) AS n_versions
  FROM src GROUP BY source_id, batch_id
),
kept AS (
  SELECT * FROM src
  QUALIFY row_number() OVER (PARTITION BY source_id, batch_id ORDER BY _logical_date, _ordinal) = 1
),
resolved AS (
  SELECT
    k.*,
    c.dup_count,
    c.n_versions > 1 AS has_conflicting_copies,
    mk.machine_id,
    pk.product_name,
    coalesce(mf.factory_id, sf.factory_id) AS factory_id,
    coalesce(mf.timezone, sf.timezone) AS timezone
  FROM kept k
  JOIN copies c USING (source_id, batch_id)
  LEFT JOIN silver.int_machine_keys mk
    ON mk.source_id = k.source_id AND mk.machine_key = silver.name_key(k.machine_raw)
  LEFT JOIN silver.int_product_keys pk
    ON pk.source_id = k.source_id AND pk.product_key = silver.product_key(k.product_raw)
  LEFT JOIN silver.int_machine_factory mf ON mf.machine_id = mk.machine_id
  LEFT JOIN silver.int_factory sf ON sf.factory_id = k.source_id
),
timed AS (
  SELECT
    *,
    silver.local_to_utc(start_local, timezone) AS start_at,
    silver.local_to_utc(end_local, timezone) AS end_at,
    CAST(start_local AS DATE) AS event_date,
    coalesce(silver.local_time_issue(start_local, timezone), silver.local_time_issue(end_local, timezone)) AS local_time_issue
  FROM resolved
),
ref_machines AS (
  SELECT machine_id, min(energy_kwh_per_unit) AS energy_kwh_per_unit,
         min(ideal_rate_units_per_hour) AS ideal_rate_units_per_hour
  FROM silver.stg_reference__machines GROUP BY machine_id
),
routings AS (
  SELECT machine_id, silver.product_key(product_raw) AS product_key,
         min(ideal_rate_units_per_hour) AS ideal_rate_units_per_hour
  FROM silver.stg_reference__routings GROUP BY ALL
),
versions AS (
  SELECT machine_id, valid_from, valid_to, energy_kwh_per_unit, ideal_rate_units_per_hour,
         row_number() OVER (PARTITION BY machine_id ORDER BY valid_from) AS version_no
  FROM silver.snap_machine
)
SELECT
  t.source_id,
  t.batch_id,
  t.factory_id,
  t.machine_id,
  t.product_name,
  t.machine_raw,
  t.product_raw,
  t.timezone,
  t.start_local,
  t.end_local,
  t.start_at,
  t.end_at,
  t.event_date,
  seg.shift_id,
  t.units_produced,
  t.units_defective,
  t.units_produced - t.units_defective AS good_units,
  coalesce(v.energy_kwh_per_unit, v0.energy_kwh_per_unit, rm.energy_kwh_per_unit) AS energy_kwh_per_unit,
  CASE WHEN r.ideal_rate_units_per_hour > 0 THEN r.ideal_rate_units_per_hour
       ELSE coalesce(v.ideal_rate_units_per_hour, v0.ideal_rate_units_per_hour, rm.ideal_rate_units_per_hour)
  END AS ideal_rate_units_per_hour,
  r.ideal_rate_units_per_hour IS NOT NULL AS has_routing,
  CAST(round(t.units_produced * CAST(coalesce(v.energy_kwh_per_unit, v0.energy_kwh_per_unit, rm.energy_kwh_per_unit) AS DECIMAL(18, 6)), 2) AS DECIMAL(18, 2)) AS energy_kwh,
  t.units_produced * 3600.0 / nullif(CASE WHEN r.ideal_rate_units_per_hour > 0 THEN r.ideal_rate_units_per_hour
       ELSE coalesce(v.ideal_rate_units_per_hour, v0.ideal_rate_units_per_hour, rm.ideal_rate_units_per_hour) END, 0) AS ideal_time_s,
  t.dup_count,
  t.dup_count > 1 AS is_duplicated,
  t.has_conflicting_copies,
  t.event_date < t._logical_date AS is_late,
  t.machine_id IS NULL AS is_machine_unresolved,
  t.product_name IS NULL AS is_product_unresolved,
  t.machine_id IS NULL OR t.product_name IS NULL AS is_unresolved,
  t.timezone IS NULL AS is_timezone_unknown,
  t.local_time_issue,
  t.start_local IS NULL OR t.end_local IS NULL OR t.end_local < t.start_local AS is_invalid_time,
  t.units_produced IS NULL OR t.units_defective IS NULL OR t.units_produced < 0 OR t.units_defective < 0
    OR t.units_defective > t.units_produced AS is_invalid_units,
  t._source_file,
  t._ordinal,
  t._logical_date
FROM timed t
LEFT JOIN versions v
  ON v.machine_id = t.machine_id AND v.valid_from <= t.event_date AND (v.valid_to IS NULL OR t.event_date < v.valid_to)
-- a day before the first snapshot takes the first version
LEFT JOIN versions v0 ON v0.machine_id = t.machine_id AND v0.version_no = 1 AND t.event_date < v0.valid_from
LEFT JOIN ref_machines rm ON rm.machine_id = t.machine_id
LEFT JOIN routings r
  ON r.machine_id = t.machine_id AND r.product_key = silver.product_key(t.product_name)
LEFT JOIN silver.int_shift_segments seg
  ON seg.factory_id = t.factory_id AND t.start_at >= seg.start_at AND t.start_at < seg.end_at
