-- Tasks of the newest pipeline runs. Params: $limit (runs).
WITH runs AS (SELECT run_id FROM ops.pipeline_runs ORDER BY started_at DESC, run_id LIMIT $limit)
SELECT t.run_id, t.task_id, t.status, t.attempts, t.started_at, t.finished_at, t.seconds, t.error_message, t.summary
FROM ops.task_runs t JOIN runs USING (run_id)
ORDER BY t.run_id, t.started_at, t.task_id
