-- One pipeline run. Params: $run_id.
SELECT run_id, pipeline, logical_date AS day, status, started_at, finished_at, seconds, error_message
FROM ops.pipeline_runs
WHERE run_id = $run_id
