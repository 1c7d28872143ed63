-- One row per component made by the widget plant (scrapped ones too): its machine, type, time,
-- shift, measured quality, and the widget that consumed it (if one has yet).
WITH consumed AS (
  SELECT a.factory_id, u.component_id, a.widget_id, a.completed_at AS consumed_at,
         row_number() OVER (PARTITION BY a.factory_id, u.component_id ORDER BY a.completed_at) AS n
  FROM silver.int_widgets__assemblies a, unnest(a.component_ids) AS u(component_id)
)
SELECT
  c.factory_id,
  c.component_id,
  c.machine_id,
  c.component_type,
  c.batch_id,
  c.produced_at,
  c.event_date,
  sh.shift_id,
  c.defect_count,
  c.is_defective,
  c.weight_grams,
  c.length_mm,
  c.width_mm,
  c.height_mm,
  c.temperature_c,
  c.production_line,
  w.widget_id AS consumed_by_widget_id,
  w.consumed_at,
  c.is_fahrenheit,
  c.weight_is_outlier,
  c.temperature_is_outlier,
  c.machine_unresolved,
  c.type_unresolved,
  c.is_late,
  c.redelivered_copies
FROM silver.int_widgets__components c
LEFT JOIN consumed w ON w.factory_id = c.factory_id AND w.component_id = c.component_id AND w.n = 1
LEFT JOIN silver.int_shift_segments sh
  ON sh.factory_id = c.factory_id AND c.produced_at >= sh.start_at AND c.produced_at < sh.end_at
