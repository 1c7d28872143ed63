-- One row per canonical machine: the factory it belongs to and that factory's time zone, from the
-- newest master-data snapshot (history) or else the reference machines file. Naive plant-local
-- timestamps of a machine are read in this zone.
WITH master AS (
  SELECT
    machine_id,
    arg_max(factory_id, snapshot_date) AS factory_id,
    arg_max(source_id, snapshot_date) AS source_id
  FROM silver.stg_seed__machine_master
  WHERE machine_id IS NOT NULL
  GROUP BY machine_id
),
ref AS (
  SELECT machine_id, min(factory_id) AS factory_id, min(source_id) AS source_id,
         count(DISTINCT factory_id) AS n_factories
  FROM silver.stg_reference__machines
  WHERE machine_id IS NOT NULL
  GROUP BY machine_id
),
machines AS (
  SELECT machine_id FROM master UNION SELECT machine_id FROM ref
)
SELECT
  m.machine_id,
  coalesce(ma.factory_id, CASE WHEN r.n_factories = 1 THEN r.factory_id END) AS factory_id,
  coalesce(ma.source_id, r.source_id) AS source_id,
  f.timezone,
  ma.machine_id IS NOT NULL AS in_master_data,
  r.machine_id IS NOT NULL AS in_reference
FROM machines m
LEFT JOIN master ma USING (machine_id)
LEFT JOIN ref r USING (machine_id)
LEFT JOIN silver.int_factory f
  ON f.factory_id = coalesce(ma.factory_id, CASE WHEN r.n_factories = 1 THEN r.factory_id END)
