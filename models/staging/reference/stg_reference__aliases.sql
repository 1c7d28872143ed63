-- Known spellings → canonical machine ids and product names (reference/aliases.csv).
SELECT
  silver.source_id(_source_file) AS source_id,
  lower(trim(kind)) AS kind,
  alias,
  trim(canonical) AS canonical,
  _source_file,
  _ordinal
FROM bronze.ref_aliases_current
