-- One row per canonical product name (every plant): its matching key and the spellings known for
-- it in reference data.
SELECT
  product_name,
  silver.product_key(product_name) AS product_key,
  list(DISTINCT source_id ORDER BY source_id) AS source_ids
FROM silver.int_product_keys
WHERE is_resolved
GROUP BY product_name
