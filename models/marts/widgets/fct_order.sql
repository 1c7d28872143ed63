-- One row per production order: what and how many, its priority, when it was created, started and
-- completed (NULL while not yet), how many were completed, and what the stations built for it.
WITH events AS (
  SELECT
    factory_id, order_id,
    any_value(widget_type) AS widget_type,
    max(quantity) AS quantity,
    arg_min(priority, event_at) AS priority,
    min(event_at) FILTER (WHERE status = 'created') AS created_at,
    min(event_at) FILTER (WHERE status = 'in_progress') AS started_at,
    min(event_at) FILTER (WHERE status = 'completed') AS completed_at,
    max(quantity_completed) AS quantity_completed,
    arg_max(status, CASE status WHEN 'created' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'completed' THEN 3 ELSE 0 END) AS status
  FROM silver.int_widgets__order_events
  GROUP BY ALL
),
built AS (
  SELECT factory_id, order_id, count(*) AS widgets_built, count(*) FILTER (WHERE is_defective) AS widgets_defective,
         min(started_at) AS first_assembly_at, max(completed_at) AS last_assembly_at
  FROM gold.fct_widget_assembly
  GROUP BY ALL
)
SELECT
  e.factory_id,
  e.order_id,
  e.widget_type,
  e.quantity,
  e.priority,
  e.status,
  e.created_at,
  e.started_at,
  e.completed_at,
  silver.local_date(e.created_at, f.timezone) AS event_date,
  e.quantity_completed,
  coalesce(b.widgets_built, 0) AS widgets_built,
  coalesce(b.widgets_defective, 0) AS widgets_defective,
  b.first_assembly_at,
  b.last_assembly_at,
  epoch(e.completed_at) - epoch(e.created_at) AS lead_time_s
FROM events e
LEFT JOIN built b ON b.factory_id = e.factory_id AND b.order_id = e.order_id
LEFT JOIN silver.int_factory f ON f.factory_id = e.factory_id
