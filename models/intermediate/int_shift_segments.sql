-- config: materialized=table; partition_by=event_date
-- The plant-local calendar cut into segments: each factory's days (plant-local midnight to
-- midnight) split at every shift boundary, each segment labelled with the shift in force (NULL
-- outside every shift) and turned into UTC instants with the factory's zone, so DST days have
-- 23 or 25 hours. Facts find their day and shift by the segment that contains an instant; state
-- intervals are cut at segment ends. A night shift (C 22:00–06:00) labels the evening of its own
-- day and the early morning of the next one (shift_date = the day it started).
-- Days covered: every drop day loaded, with 3 days either side.
WITH bounds AS (
  SELECT min(d) - 3 AS first_day, max(d) + 3 AS last_day
  FROM (
    SELECT _logical_date AS d FROM silver.stg_seed__production_batches
    UNION ALL SELECT _logical_date FROM silver.stg_seed__machine_states
    UNION ALL SELECT _logical_date FROM silver.stg_seed__sensor_logs
    UNION ALL SELECT _logical_date FROM silver.stg_seed__machine_master
  )
),
days AS (
  SELECT CAST(generate_series AS DATE) AS event_date
  FROM bounds, generate_series(bounds.first_day::TIMESTAMP, bounds.last_day::TIMESTAMP, INTERVAL 1 DAY)
  WHERE bounds.first_day IS NOT NULL
),
factories AS (
  SELECT factory_id, timezone FROM silver.int_factory WHERE timezone IS NOT NULL
),
points AS (
  SELECT f.factory_id, f.timezone, d.event_date, TIME '00:00:00' AS t FROM factories f, days d
  UNION
  SELECT f.factory_id, f.timezone, d.event_date, s.start_local FROM factories f JOIN silver.int_shifts s USING (factory_id), days d
  UNION
  SELECT f.factory_id, f.timezone, d.event_date, s.end_local FROM factories f JOIN silver.int_shifts s USING (factory_id), days d
),
segments AS (
  SELECT
    factory_id, timezone, event_date,
    event_date + t AS start_local,
    coalesce(lead(event_date + t) OVER w, event_date + INTERVAL 1 DAY) AS end_local,
    t
  FROM points
  WINDOW w AS (PARTITION BY factory_id, event_date ORDER BY t)
)
SELECT
  g.factory_id,
  g.event_date,
  s.shift_id,
  CASE WHEN s.crosses_midnight AND g.t < s.end_local THEN g.event_date - 1 ELSE g.event_date END AS shift_date,
  g.start_local,
  g.end_local,
  silver.local_to_utc(g.start_local, g.timezone) AS start_at,
  silver.local_to_utc(g.end_local, g.timezone) AS end_at,
  g.timezone
FROM segments g
LEFT JOIN silver.int_shifts s
  ON s.factory_id = g.factory_id
 AND CASE WHEN s.crosses_midnight THEN g.t >= s.start_local OR g.t < s.end_local
          ELSE g.t >= s.start_local AND g.t < s.end_local END
WHERE g.end_local > g.start_local
