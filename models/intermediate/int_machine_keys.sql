-- machine_id_spelling: one row per (source, machine key). A key is silver.name_key of a name:
-- letters and digits, upper case, zero padding dropped ("Smelter #1", "smelter-01", "SMELTER_1"
-- → SMELTER1). Keys come from every name the plant publishes for a machine: the canonical id and
-- the machine name (reference machines and master data) and the known aliases. A key that leads to
-- exactly one canonical id resolves; a key that leads to two is ambiguous and resolves to nothing
-- (flagged, never guessed); a spelling whose key is not here at all is flagged unresolved by the
-- models that look it up.
WITH names AS (
  SELECT source_id, machine_id AS name, machine_id AS canonical, 'reference id' AS evidence
  FROM silver.stg_reference__machines
  UNION ALL
  SELECT source_id, machine_name, machine_id, 'reference name' FROM silver.stg_reference__machines
  UNION ALL
  SELECT source_id, machine_id, machine_id, 'master id' FROM silver.stg_seed__machine_master
  UNION ALL
  SELECT source_id, machine_name, machine_id, 'master name' FROM silver.stg_seed__machine_master
  UNION ALL
  SELECT source_id, alias, canonical, 'alias' FROM silver.stg_reference__aliases WHERE kind = 'machine'
  UNION ALL
  SELECT source_id, canonical, canonical, 'alias canonical' FROM silver.stg_reference__aliases WHERE kind = 'machine'
),
keyed AS (
  SELECT source_id, silver.name_key(name) AS machine_key, canonical, evidence
  FROM names
  WHERE name IS NOT NULL AND canonical IS NOT NULL AND silver.name_key(name) <> ''
)
SELECT
  source_id,
  machine_key,
  CASE WHEN count(DISTINCT canonical) = 1 THEN min(canonical) END AS machine_id,
  count(DISTINCT canonical) AS n_canonicals,
  count(DISTINCT canonical) = 1 AS is_resolved,
  list(DISTINCT canonical ORDER BY canonical) AS candidates,
  list(DISTINCT evidence ORDER BY evidence) AS evidence
FROM keyed
GROUP BY source_id, machine_key
