-- config: materialized=incremental; partition_by=event_date; lookback_days=2
-- The widget plant's production runs in the shared run contract (gold.fct_production unions it with
-- the seed plant's): one row per component made and per widget assembled, one unit each.
--   defective: a component with defect_count >= 2; a widget whose QC check failed.
--   start_at: when the unit's producing began (the run's start, as the truth counts it): a widget's
--     assembly_started_at; a component's producing interval in the state log (whole seconds).
--   ideal_time_s = units × 3600 / ideal rate: the routing's rate for the station's product, else the
--     machine's master-data rate as of that day. energy_kwh = round(units × kWh/unit of the day, 2).
-- Runs come from the events matched to the state log's completed producing intervals (same machine,
-- same end second: the state log may be written to the second or finer). A run the state log shows but whose event was lost (a malformed line) is kept:
-- its product is the machine's only product or the item its run put into stock, its defect status
-- whether the run put a good unit into stock. An event without a state log (a drop that has none)
-- is kept too. `evidence` says which.
WITH units AS (
  SELECT factory_id, machine_id, 'component' AS unit_kind, component_id AS unit_id, component_type AS product_name,
         NULL::TIMESTAMPTZ AS started_at, produced_at AS ended_at, defect_count >= 2 AS is_defective
  FROM silver.int_widgets__components
  WHERE machine_id IS NOT NULL
  UNION ALL
  SELECT a.factory_id, a.station_id, 'widget', a.widget_id, a.widget_type,
         a.started_at, a.completed_at, NOT q.passed
  FROM silver.int_widgets__assemblies a
  LEFT JOIN (
    SELECT factory_id, widget_id, bool_and(passed) AS passed
    FROM silver.int_widgets__quality_checks GROUP BY ALL
  ) q ON q.factory_id = a.factory_id AND q.widget_id = a.widget_id
  WHERE a.station_id IS NOT NULL
),
-- Units put into stock by a run, by machine and second: a good unit's trace in inventory.
stocked AS (
  SELECT factory_id, machine_id, date_trunc('second', moved_at) AS at_second,
         any_value(item) AS item, any_value(reference_id) AS reference_id
  FROM silver.int_widgets__inventory_moves
  WHERE reason = 'produced' AND machine_id IS NOT NULL
  GROUP BY ALL
),
-- What each run took from stock, as a recipe signature, and which product that signature makes.
consumed AS (
  SELECT factory_id, machine_id, reference_id, min(moved_at) AS taken_at,
         list_sort(list_distinct(list(item))) AS signature
  FROM silver.int_widgets__inventory_moves
  WHERE reason = 'consumed' AND machine_id IS NOT NULL
  GROUP BY ALL
),
recipes AS (
  SELECT a.factory_id, list_sort(list_distinct(list(c.component_type))) AS signature, a.widget_type
  FROM silver.int_widgets__assemblies a, unnest(a.component_ids) AS u(component_id)
  JOIN silver.int_widgets__components c ON c.factory_id = a.factory_id AND c.component_id = u.component_id
  GROUP BY a.factory_id, a.widget_id, a.widget_type
),
signature_products AS (
  SELECT factory_id, signature, any_value(widget_type) AS product_name
  FROM recipes GROUP BY ALL HAVING count(DISTINCT widget_type) = 1
),
single_product AS (
  SELECT factory_id, machine_id, any_value(output_product) AS product_name
  FROM silver.stg_reference__machines
  WHERE output_product NOT LIKE '%|%'
  GROUP BY ALL
),
matched AS (
  SELECT
    coalesce(s.factory_id, u.factory_id) AS factory_id,
    coalesce(s.machine_id, u.machine_id) AS machine_id,
    u.unit_kind,
    u.unit_id,
    u.product_name AS event_product,
    u.is_defective AS event_defective,
    coalesce(u.started_at, s.start_at) AS start_at,
    coalesce(u.ended_at, s.end_at) AS end_at,
    s.end_at AS spine_end_at,
    CASE WHEN s.machine_id IS NULL THEN 'event' WHEN u.unit_id IS NULL THEN 'state_log' ELSE 'event+state_log' END AS evidence
  FROM silver.int_widgets__run_spine s
  FULL OUTER JOIN units u
    ON u.factory_id = s.factory_id AND u.machine_id = s.machine_id
   AND date_trunc('second', u.ended_at) = date_trunc('second', s.end_at)
),
enriched AS (
  SELECT
    m.*,
    st.item AS stocked_item,
    st.reference_id AS stocked_run,
    (SELECT c.signature FROM consumed c
      WHERE c.factory_id = m.factory_id AND c.machine_id = m.machine_id
        AND date_trunc('second', c.taken_at) <= m.start_at
      ORDER BY c.taken_at DESC LIMIT 1) AS taken_signature
  FROM matched m
  LEFT JOIN stocked st
    ON st.factory_id = m.factory_id AND st.machine_id = m.machine_id
   AND st.at_second = date_trunc('second', m.end_at)
),
resolved AS (
  SELECT
    e.*,
    coalesce(e.event_product, e.stocked_item, sp.product_name, sig.product_name) AS product_name,
    coalesce(e.event_defective, e.stocked_item IS NULL) AS is_defective,
    e.event_defective IS NULL AS defect_inferred,
    z.timezone
  FROM enriched e
  LEFT JOIN single_product sp ON sp.factory_id = e.factory_id AND sp.machine_id = e.machine_id
  LEFT JOIN signature_products sig ON e.unit_id IS NULL AND sig.factory_id = e.factory_id AND sig.signature = e.taken_signature
  LEFT JOIN silver.int_factory z ON z.factory_id = e.factory_id
),
dated AS (
  SELECT r.*,
    silver.local_date(r.start_at, r.timezone) AS event_date,
    silver.utc_to_local(r.start_at, r.timezone) AS start_local
  FROM resolved r
),
master AS (
  SELECT machine_id, snapshot_date,
         any_value(ideal_rate_units_per_hour) AS ideal_rate,
         any_value(energy_kwh_per_unit) AS kwh_per_unit
  FROM silver.stg_seed__machine_master
  GROUP BY ALL
),
reference AS (
  SELECT machine_id, any_value(ideal_rate_units_per_hour) AS ideal_rate, any_value(energy_kwh_per_unit) AS kwh_per_unit
  FROM silver.stg_reference__machines
  GROUP BY ALL
),
routings AS (
  SELECT machine_id, silver.product_key(product_raw) AS product_key, any_value(ideal_rate_units_per_hour) AS ideal_rate
  FROM silver.stg_reference__routings
  GROUP BY ALL
)
SELECT
  d.factory_id::VARCHAR AS factory_id,
  d.machine_id::VARCHAR AS machine_id,
  d.product_name::VARCHAR AS product_name,
  coalesce(d.unit_id, d.stocked_run, d.machine_id || '@' || strftime(d.start_local, '%Y-%m-%dT%H:%M:%S'))::VARCHAR AS run_id,
  d.start_at::TIMESTAMPTZ AS start_at,
  d.end_at::TIMESTAMPTZ AS end_at,
  d.event_date::DATE AS event_date,
  sh.shift_id::VARCHAR AS shift_id,
  1::INTEGER AS units_produced,
  d.is_defective::INTEGER AS units_defective,
  (1 - d.is_defective::INTEGER)::INTEGER AS good_units,
  (3600.0 / coalesce(ro.ideal_rate, ma.ideal_rate, rf.ideal_rate))::DOUBLE AS ideal_time_s,
  round(1 * coalesce(ma.kwh_per_unit, rf.kwh_per_unit), 2)::DECIMAL(18, 2) AS energy_kwh
FROM dated d
LEFT JOIN master ma ON ma.machine_id = d.machine_id AND ma.snapshot_date = d.event_date
LEFT JOIN reference rf ON rf.machine_id = d.machine_id
LEFT JOIN routings ro ON ro.machine_id = d.machine_id AND ro.product_key = silver.product_key(d.product_name)
LEFT JOIN silver.int_shift_segments sh
  ON sh.factory_id = d.factory_id AND d.start_at >= sh.start_at AND d.start_at < sh.end_at
