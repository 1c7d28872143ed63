-- Raw load audit rows (formats.md §3 + quarantine, lateness, timings), newest first; for one
-- logical day or every day. Params: $day (NULL = all), $limit.
SELECT load_id, load_timestamp, pipeline, run_id, task_id, logical_date AS day, source_name, source_file,
       target_table, rows_read, rows_loaded, rows_quarantined, status, error_message, is_late,
       epoch(finished_at) - epoch(started_at) AS seconds
FROM ops.raw_load_audit
WHERE $day IS NULL OR logical_date = $day::DATE
ORDER BY load_timestamp DESC, source_file
LIMIT $limit
