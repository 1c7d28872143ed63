-- The tasks of one pipeline run in the order they started. Params: $run_id.
SELECT run_id, task_id, status, attempts, started_at, finished_at, seconds, error_message, summary, log_excerpt
FROM ops.task_runs
WHERE run_id = $run_id
ORDER BY started_at, task_id
