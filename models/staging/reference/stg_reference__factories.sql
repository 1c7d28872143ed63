-- Reference factories (reference/factories.csv): each factory's IANA time zone.
SELECT
  silver.source_id(_source_file) AS source_id,
  trim(factory_id) AS factory_id,
  factory_name,
  trim(timezone) AS timezone,
  _source_file,
  _ordinal
FROM bronze.ref_factories_current
