-- Every canonical product (component types and widget types) by its key (silver.product_key:
-- letters and digits, upper case, plural ending dropped), from master data, aliases and routings.
WITH names AS (
  SELECT factory_id, unnest(string_split(output_product, '|')) AS product_name FROM bronze.ref_machines_current
  UNION
  SELECT factory_id, unnest(string_split(output_product, '|')) FROM bronze.machine_master_current
  UNION
  SELECT m.factory_id, r.product
  FROM bronze.ref_routings_current r
  JOIN (SELECT DISTINCT machine_id, factory_id FROM bronze.ref_machines_current) m ON m.machine_id = r.machine_id
)
SELECT DISTINCT factory_id, silver.product_key(product_name) AS product_key, product_name
FROM names
WHERE product_name IS NOT NULL AND product_name <> ''
