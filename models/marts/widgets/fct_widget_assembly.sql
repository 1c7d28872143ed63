-- One row per widget assembled: station, type, times, worker, the production order it was built
-- for, the components it is made of, and its QC verdict (defective = its check failed).
WITH qc AS (
  SELECT factory_id, widget_id,
         arg_max(check_id, checked_at) AS check_id,
         arg_max(passed, checked_at) AS passed,
         count(*) AS checks
  FROM silver.int_widgets__quality_checks
  GROUP BY ALL
)
SELECT
  a.factory_id,
  a.widget_id,
  a.station_id,
  a.widget_type,
  a.order_id,
  a.worker_id,
  a.started_at,
  a.completed_at,
  a.event_date,
  sh.shift_id,
  a.assembly_duration_s,
  epoch(a.completed_at) - epoch(a.started_at) AS producing_s,
  a.component_ids,
  a.component_count,
  q.check_id,
  q.passed AS qc_passed,
  NOT q.passed AS is_defective,
  q.check_id IS NULL AS qc_missing,
  a.station_unresolved,
  a.type_unresolved,
  a.is_late,
  a.redelivered_copies
FROM silver.int_widgets__assemblies a
LEFT JOIN qc q ON q.factory_id = a.factory_id AND q.widget_id = a.widget_id
LEFT JOIN silver.int_shift_segments sh
  ON sh.factory_id = a.factory_id AND a.started_at >= sh.start_at AND a.started_at < sh.end_at
