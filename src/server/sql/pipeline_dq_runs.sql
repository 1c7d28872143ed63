-- Data-quality results per invocation (a build's tests or a monitor run), newest first.
-- Params: $limit.
SELECT invocation_id, min(check_timestamp) AS checked_at, count(*) AS checks,
       count(*) FILTER (WHERE status = 'PASS') AS passed,
       count(*) FILTER (WHERE status <> 'PASS' AND severity = 'WARN') AS warned,
       count(*) FILTER (WHERE status <> 'PASS' AND severity = 'ERROR') AS failed
FROM ops.data_quality_audit
GROUP BY invocation_id
ORDER BY checked_at DESC, invocation_id
LIMIT $limit
