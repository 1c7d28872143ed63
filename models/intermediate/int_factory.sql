-- One row per factory: its IANA time zone (reference/factories.csv). Days and shifts are cut in
-- this zone. A factory listed with two different zones is flagged, never picked silently
-- (timezone is then NULL and everything that needs it is flagged downstream).
WITH f AS (
  SELECT * FROM silver.stg_reference__factories WHERE factory_id IS NOT NULL
),
zones AS (SELECT name FROM pg_timezone_names())
SELECT
  factory_id,
  min(factory_name) AS factory_name,
  CASE WHEN count(DISTINCT timezone) = 1 THEN min(timezone) END AS timezone,
  count(DISTINCT timezone) > 1 AS has_conflicting_timezones,
  bool_and(timezone IN (SELECT name FROM zones)) AS is_timezone_known,
  min(source_id) AS source_id
FROM f
GROUP BY factory_id
