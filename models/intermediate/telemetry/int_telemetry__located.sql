-- config: materialized=view
-- Clock-sampled telemetry readings (seed-format plants' telemetry.jsonl) with their canonical
-- machine (NULL when the spelling resolves to none), factory, zone and plant-local day. A view:
-- int_telemetry__day_stats and int_telemetry__readings read it per delivery (a filter on
-- _logical_date reaches the bronze scan), so nothing is stored twice.
-- The plant-local day is looked up per zone and quarter hour of the days the plant's calendar
-- covers (int_shift_segments: every drop day ± 3) — every zone's offset is a multiple of 15
-- minutes — instead of converting each reading (ICU with a zone column costs microseconds a row);
-- a reading outside the calendar is converted on its own.
WITH t AS (
  SELECT
    t.*,
    k.machine_id,
    coalesce(mf.factory_id, t.source_id) AS factory_id,
    coalesce(mf.timezone, f.timezone) AS timezone,
    CAST(floor(epoch(t.reading_at) / 900) * 900 AS BIGINT) AS quarter
  FROM silver.stg_seed__telemetry t
  LEFT JOIN silver.int_machine_keys k ON k.source_id = t.source_id AND k.machine_key = silver.name_key(t.machine_raw)
  LEFT JOIN silver.int_machine_factory mf ON mf.machine_id = k.machine_id
  LEFT JOIN silver.int_factory f ON f.factory_id = t.source_id
),
quarters AS (
  SELECT z.timezone, q.quarter, silver.local_date(to_timestamp(q.quarter), z.timezone) AS event_date
  FROM (SELECT DISTINCT timezone FROM silver.int_factory WHERE timezone IS NOT NULL) z,
       (SELECT epoch(min(event_date) - 1)::BIGINT AS q0, epoch(max(event_date) + 2)::BIGINT AS q1 FROM silver.int_shift_segments) b,
       LATERAL (SELECT unnest(generate_series(b.q0, b.q1, 900)) AS quarter) q
)
SELECT t.* EXCLUDE (quarter),
  coalesce(q.event_date, silver.local_date(t.reading_at, t.timezone)) AS event_date
FROM t LEFT JOIN quarters q ON q.timezone = t.timezone AND q.quarter = t.quarter
