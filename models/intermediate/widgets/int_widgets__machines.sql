-- Every spelling key of every known widget-plant machine → its canonical id, with the factory and
-- its time zone. Spellings come from master data (ids and names) and the alias list; a key is
-- silver.name_key (letters and digits, upper case, zero padding dropped). A machine spelling whose
-- key is not here stays unresolved and is flagged by the models that use it, never guessed.
WITH machines AS (
  SELECT machine_id, machine_name, factory_id FROM bronze.ref_machines_current
  UNION
  SELECT machine_id, machine_name, factory_id FROM bronze.machine_master_current
),
spellings AS (
  SELECT machine_id, factory_id, machine_id AS spelling FROM machines
  UNION
  SELECT machine_id, factory_id, machine_name FROM machines
  UNION
  SELECT a.canonical, m.factory_id, a.alias
  FROM bronze.ref_aliases_current a
  JOIN (SELECT DISTINCT machine_id, factory_id FROM machines) m ON m.machine_id = a.canonical
  WHERE lower(a.kind) = 'machine'
)
SELECT DISTINCT
  s.factory_id,
  silver.name_key(s.spelling) AS machine_key,
  s.machine_id,
  f.timezone
FROM spellings s
LEFT JOIN bronze.ref_factories_current f ON f.factory_id = s.factory_id
WHERE s.spelling IS NOT NULL AND s.machine_id IS NOT NULL
