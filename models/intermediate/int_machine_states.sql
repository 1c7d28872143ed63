-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- lookback_days=0: machine_states records arrive in their own day's drop (late_arrival's default sources are
-- batches, sensor logs and QC checks); a plant whose machine_states can arrive late needs its lateness here.
-- Machine state intervals (both plants) as typed UTC instants, cut at plant-local midnight and at
-- every shift boundary (int_shift_segments), so each piece has one plant-local day (event_date)
-- and one shift (shift_id, NULL outside every shift). Machine ids here come from our own clean
-- files but still go through int_machine_keys, so another generator's spellings resolve too
-- (an id that does not resolve is kept as written and flagged).
WITH s AS (
  SELECT
    st.*,
    coalesce(mk.machine_id, st.machine_raw) AS machine_id,
    mk.machine_id IS NULL AS is_machine_unresolved,
    coalesce(mf.factory_id, sf.factory_id) AS factory_id
  FROM silver.stg_seed__machine_states st
  LEFT JOIN silver.int_machine_keys mk
    ON mk.source_id = st.source_id AND mk.machine_key = silver.name_key(st.machine_raw)
  LEFT JOIN silver.int_machine_factory mf ON mf.machine_id = mk.machine_id
  LEFT JOIN silver.int_factory sf ON sf.factory_id = st.source_id
  WHERE st.start_at IS NOT NULL AND st.end_at IS NOT NULL AND st.end_at > st.start_at
    -- an incremental build reads the intervals that reach into the days it rebuilds
    AND silver.in_window(CAST(st.end_at AS DATE), 1)
)
SELECT
  s.source_id,
  s.factory_id,
  s.machine_id,
  s.machine_raw,
  s.state,
  s.reason,
  greatest(s.start_at, g.start_at) AS start_at,
  least(s.end_at, g.end_at) AS end_at,
  epoch(least(s.end_at, g.end_at) - greatest(s.start_at, g.start_at)) AS duration_s,
  g.event_date,
  g.shift_id,
  g.shift_date,
  s.start_at AS interval_start_at,
  s.end_at AS interval_end_at,
  s.is_machine_unresolved,
  s._source_file,
  s._ordinal,
  s._logical_date
FROM s
JOIN silver.int_shift_segments g
  ON g.factory_id = s.factory_id AND g.start_at < s.end_at AND g.end_at > s.start_at
