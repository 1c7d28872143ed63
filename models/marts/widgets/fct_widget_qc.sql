-- One row per widget quality check: verdict, test results, defects found, when (UTC, with the
-- plant-local day and shift of the check) and how long after assembly.
SELECT
  q.factory_id,
  q.check_id,
  q.widget_id,
  q.station_id,
  q.widget_type,
  q.inspector_id,
  q.checked_at,
  q.event_date,
  sh.shift_id,
  q.status,
  q.passed,
  q.electrical_test,
  q.mechanical_test,
  q.visual_inspection,
  q.performance_score,
  q.defects_found,
  len(q.defects_found) AS defect_count,
  q.notes,
  q.lag_s AS seconds_after_assembly,
  q.was_utc,
  q.assembly_missing,
  q.precedes_assembly,
  q.is_late,
  q.redelivered_copies
FROM silver.int_widgets__quality_checks q
LEFT JOIN silver.int_shift_segments sh
  ON sh.factory_id = q.factory_id AND q.checked_at >= sh.start_at AND q.checked_at < sh.end_at
