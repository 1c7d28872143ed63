-- product_name_spelling: one row per (source, product key). A key is silver.product_key of a name:
-- silver.name_key plus a plural ending dropped ("Iron Plates", "iron_plate", "IronPlate" →
-- IRONPLATE). Keys come from every product name the plant publishes: machines' output products
-- (reference and master data), routings, and the known aliases. A key that leads to exactly one
-- canonical name resolves; one that leads to two is ambiguous (flagged, resolves to nothing); a
-- spelling whose key is not here is flagged unresolved where it is looked up.
WITH names AS (
  SELECT source_id, output_product AS name, output_product AS canonical, 'reference output' AS evidence
  FROM silver.stg_reference__machines
  UNION ALL
  SELECT source_id, output_product, output_product, 'master output' FROM silver.stg_seed__machine_master
  UNION ALL
  SELECT source_id, product_raw, product_raw, 'routing' FROM silver.stg_reference__routings
  UNION ALL
  SELECT source_id, alias, canonical, 'alias' FROM silver.stg_reference__aliases WHERE kind = 'product'
  UNION ALL
  SELECT source_id, canonical, canonical, 'alias canonical' FROM silver.stg_reference__aliases WHERE kind = 'product'
),
keyed AS (
  SELECT source_id, silver.product_key(name) AS product_key, canonical, evidence
  FROM names
  WHERE name IS NOT NULL AND canonical IS NOT NULL AND silver.product_key(name) <> ''
)
SELECT
  source_id,
  product_key,
  CASE WHEN count(DISTINCT canonical) = 1 THEN min(canonical) END AS product_name,
  count(DISTINCT canonical) AS n_canonicals,
  count(DISTINCT canonical) = 1 AS is_resolved,
  list(DISTINCT canonical ORDER BY canonical) AS candidates,
  list(DISTINCT evidence ORDER BY evidence) AS evidence
FROM keyed
GROUP BY source_id, product_key
