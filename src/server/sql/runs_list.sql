-- The newest pipeline runs. Params: $limit.
SELECT run_id, pipeline, logical_date AS day, status, started_at, finished_at, seconds, error_message
FROM ops.pipeline_runs
ORDER BY started_at DESC, run_id
LIMIT $limit
