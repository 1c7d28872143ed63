-- The checks of one invocation (default: the newest), failures first. Params: $invocation (NULL =
-- newest), $limit.
WITH pick AS (
  SELECT coalesce($invocation,
    (SELECT invocation_id FROM ops.data_quality_audit ORDER BY check_timestamp DESC LIMIT 1)) AS invocation_id
)
SELECT a.invocation_id, a.check_name, a.model, a.test_type, a.severity, a.status, a.failing_rows,
       a.check_timestamp, a.details::VARCHAR AS details
FROM ops.data_quality_audit a JOIN pick USING (invocation_id)
ORDER BY a.status = 'PASS', a.severity, a.check_name
LIMIT $limit
