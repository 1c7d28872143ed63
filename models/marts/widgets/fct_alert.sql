-- One row per factory alert: when (UTC, plant-local day and shift), severity, kind, machine, and
-- for quality alerts the run and how many of its units failed QC.
SELECT
  a.factory_id,
  a.alert_id,
  a.raised_at,
  a.event_date,
  sh.shift_id,
  a.severity,
  a.kind,
  a.machine_id,
  a.message,
  a.run_id,
  a.units_failed,
  a.machine_unresolved
FROM silver.int_widgets__alerts a
LEFT JOIN silver.int_shift_segments sh
  ON sh.factory_id = a.factory_id AND a.raised_at >= sh.start_at AND a.raised_at < sh.end_at
