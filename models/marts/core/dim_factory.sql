-- One row per factory: name and IANA time zone (days and shifts are cut in it).
SELECT
  factory_id,
  factory_name,
  timezone,
  source_id,
  has_conflicting_timezones,
  is_timezone_known
FROM silver.int_factory
