-- config: materialized=incremental; partition_by=event_date; lookback_days=3
-- One row per operator log entry. Incremental with a lookback of 3 days: an entry's day follows
-- the batches near it and the rosters of the days its readings fall on, so a change to the batches
-- or entries of day D can move entries of up to three days before D (entries never stay twice:
-- every day from there on is rebuilt whole).
-- Cleaning rules:
--  * machine_id_spelling: canonical machine through int_machine_keys (unresolved → flagged).
--  * schema_drift (notes → operator_notes) is mapped in staging.
--  * timezone_mix: the naive timestamp is plant-local except on some rows written in UTC with no
--    marker. Each entry belongs to a batch of its machine: START_BATCH and END_BATCH name the
--    batch in their notes and happen at its start / end (within 1 minute); MONITOR and
--    ADJUST_PARAMS happen while a batch of that machine runs. The timestamp is read as
--    plant-local; if only the UTC reading meets that, it is read as UTC (is_tz_corrected). If both
--    readings do, the entry is flagged is_tz_ambiguous and evidence decides when there is some:
--    a MONITOR note's "~N units" that only one candidate batch matches (rounded to tens), then the
--    operator who covers that machine in that shift (seen on unambiguous entries of the same
--    machine, day and shift; one operator per machine and shift); with no evidence the
--    plant-local reading stays, flagged is_tz_unresolved, and the entry names no batch.
--    Neither reading fitting, or no batch: is_time_unresolved.
WITH l AS (
  SELECT
    o.*,
    mk.machine_id,
    coalesce(mf.factory_id, sf.factory_id) AS factory_id,
    coalesce(mf.timezone, sf.timezone) AS timezone,
    regexp_extract(o.notes, '(?i)batch\s+([A-Za-z0-9][A-Za-z0-9_-]*)', 1) AS noted_batch_id,
    TRY_CAST(regexp_extract(o.notes, '~\s*([0-9]+)\s*units', 1) AS INTEGER) AS noted_units
  FROM silver.stg_seed__operator_logs o
  LEFT JOIN silver.int_machine_keys mk
    ON mk.source_id = o.source_id AND mk.machine_key = silver.name_key(o.machine_raw)
  LEFT JOIN silver.int_machine_factory mf ON mf.machine_id = mk.machine_id
  LEFT JOIN silver.int_factory sf ON sf.factory_id = o.source_id
  -- An incremental build reads what the days it rebuilds need: the entries that can land on them
  -- (a naive time's two readings are within a day of its date) and, one day further back, those
  -- whose settled readings make the rosters of the days their readings fall on; the batches near.
  WHERE silver.in_window(CAST(o.log_naive AS DATE), 2)
),
c AS (
  SELECT *,
    _source_file || '#' || _ordinal AS log_key,
    silver.local_to_utc(log_naive, timezone) AS local_reading_at,
    silver.naive_utc(log_naive) AS utc_reading_at
  FROM l
),
b AS (
  SELECT source_id, batch_id, machine_id, start_at, end_at, units_produced
  FROM silver.int_production_batches
  WHERE start_at IS NOT NULL AND end_at IS NOT NULL AND silver.in_window(event_date, 3)
),
-- every (entry, reading, batch) that fits the rule
-- Two equi-joins (by the noted batch, by the machine) instead of one join on CASE conditions: DuckDB
-- can hash them, so the work grows with the data rather than with its square.
matches AS (
  SELECT c.log_key, r.reading, b.batch_id, b.units_produced
  FROM c
  CROSS JOIN (VALUES ('local'), ('utc')) AS r(reading)
  JOIN b ON b.source_id = c.source_id AND b.batch_id = c.noted_batch_id
  WHERE c.action IN ('START_BATCH', 'END_BATCH')
    AND abs(epoch((CASE r.reading WHEN 'local' THEN c.local_reading_at ELSE c.utc_reading_at END)
                  - (CASE c.action WHEN 'START_BATCH' THEN b.start_at ELSE b.end_at END))) <= 60
  UNION ALL
  SELECT c.log_key, r.reading, b.batch_id, b.units_produced
  FROM c
  CROSS JOIN (VALUES ('local'), ('utc')) AS r(reading)
  JOIN b ON b.source_id = c.source_id AND b.machine_id = c.machine_id
  WHERE coalesce(c.action, '') NOT IN ('START_BATCH', 'END_BATCH')
    AND (CASE r.reading WHEN 'local' THEN c.local_reading_at ELSE c.utc_reading_at END) BETWEEN b.start_at AND b.end_at
),
per_reading AS (
  SELECT log_key, reading,
    min(batch_id) AS batch_id,
    bool_or(units_produced IS NOT NULL) AS fits
  FROM matches GROUP BY log_key, reading
),
units_evidence AS (
  SELECT m.log_key, m.reading, bool_or(round(m.units_produced / 10.0) * 10 = c.noted_units) AS units_match
  FROM matches m JOIN c USING (log_key)
  WHERE c.noted_units IS NOT NULL
  GROUP BY m.log_key, m.reading
),
first_pass AS (
  SELECT c.*,
    coalesce(pl.fits, false) AS local_fits,
    coalesce(pu.fits, false) AS utc_fits,
    pl.batch_id AS local_batch_id,
    pu.batch_id AS utc_batch_id,
    ul.units_match AS local_units_match,
    uu.units_match AS utc_units_match
  FROM c
  LEFT JOIN per_reading pl ON pl.log_key = c.log_key AND pl.reading = 'local'
  LEFT JOIN per_reading pu ON pu.log_key = c.log_key AND pu.reading = 'utc'
  LEFT JOIN units_evidence ul ON ul.log_key = c.log_key AND ul.reading = 'local'
  LEFT JOIN units_evidence uu ON uu.log_key = c.log_key AND uu.reading = 'utc'
),
-- unambiguous entries say which operator covers a machine in a shift
settled AS (
  SELECT f.*,
    CASE WHEN local_fits AND NOT utc_fits THEN local_reading_at
         WHEN utc_fits AND NOT local_fits THEN utc_reading_at END AS settled_at
  FROM first_pass f
),
roster AS (
  SELECT s.machine_id, g.event_date, g.shift_id, list(DISTINCT s.operator_id) AS operators
  FROM settled s
  JOIN silver.int_shift_segments g
    ON g.factory_id = s.factory_id AND s.settled_at >= g.start_at AND s.settled_at < g.end_at
  WHERE s.settled_at IS NOT NULL AND g.shift_id IS NOT NULL AND s.operator_id IS NOT NULL
  GROUP BY ALL
),
shift_evidence AS (
  SELECT s.log_key, r.reading,
    bool_or(list_contains(ro.operators, s.operator_id)) AS operator_seen,
    bool_or(len(ro.operators) > 0) AS roster_known
  FROM settled s
  CROSS JOIN (VALUES ('local'), ('utc')) AS r(reading)
  JOIN silver.int_shift_segments g
    ON g.factory_id = s.factory_id
   AND CASE r.reading WHEN 'local' THEN s.local_reading_at ELSE s.utc_reading_at END >= g.start_at
   AND CASE r.reading WHEN 'local' THEN s.local_reading_at ELSE s.utc_reading_at END < g.end_at
  JOIN roster ro ON ro.machine_id = s.machine_id AND ro.event_date = g.event_date AND ro.shift_id = g.shift_id
  WHERE s.local_fits AND s.utc_fits
  GROUP BY ALL
),
decided AS (
  SELECT s.*,
    CASE
      WHEN local_fits AND NOT utc_fits THEN 'local'
      WHEN utc_fits AND NOT local_fits THEN 'utc'
      WHEN NOT local_fits AND NOT utc_fits THEN 'local'
      WHEN local_units_match AND NOT coalesce(utc_units_match, false) THEN 'local'
      WHEN utc_units_match AND NOT coalesce(local_units_match, false) THEN 'utc'
      WHEN coalesce(el.operator_seen, false) AND NOT coalesce(eu.operator_seen, false) AND eu.roster_known THEN 'local'
      WHEN coalesce(eu.operator_seen, false) AND NOT coalesce(el.operator_seen, false) AND el.roster_known THEN 'utc'
      ELSE 'local'
    END AS reading,
    CASE
      WHEN NOT (local_fits AND utc_fits) THEN NULL
      WHEN local_units_match IS DISTINCT FROM utc_units_match AND (local_units_match OR utc_units_match) THEN 'units'
      WHEN (coalesce(el.operator_seen, false) AND NOT coalesce(eu.operator_seen, false) AND eu.roster_known)
        OR (coalesce(eu.operator_seen, false) AND NOT coalesce(el.operator_seen, false) AND el.roster_known) THEN 'operator'
    END AS ambiguity_resolved_by
  FROM settled s
  LEFT JOIN shift_evidence el ON el.log_key = s.log_key AND el.reading = 'local'
  LEFT JOIN shift_evidence eu ON eu.log_key = s.log_key AND eu.reading = 'utc'
)
SELECT
  log_key,
  source_id,
  log_id,
  factory_id,
  machine_id,
  machine_raw,
  operator_id,
  action,
  notes,
  -- an entry whose reading stays undecided names no batch (both candidates are kept in the flags' rows)
  CASE WHEN local_fits AND utc_fits AND ambiguity_resolved_by IS NULL THEN NULL
       WHEN reading = 'utc' THEN utc_batch_id ELSE local_batch_id END AS batch_id,
  local_batch_id AS local_reading_batch_id,
  utc_batch_id AS utc_reading_batch_id,
  noted_batch_id,
  log_naive,
  CASE reading WHEN 'utc' THEN utc_reading_at ELSE local_reading_at END AS log_at,
  silver.local_date(CASE reading WHEN 'utc' THEN utc_reading_at ELSE local_reading_at END, timezone) AS event_date,
  reading = 'utc' AS is_tz_corrected,
  local_fits AND utc_fits AS is_tz_ambiguous,
  ambiguity_resolved_by,
  local_fits AND utc_fits AND ambiguity_resolved_by IS NULL AS is_tz_unresolved,
  NOT local_fits AND NOT utc_fits AS is_time_unresolved,
  machine_id IS NULL AS is_machine_unresolved,
  _source_file,
  _ordinal,
  _logical_date
FROM decided
