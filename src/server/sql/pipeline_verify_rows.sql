-- Truth vs gold, row by row, from the newest verify run per factory: mismatches first, then the
-- factory and product totals of a day. Params: $day (NULL = every day), $limit.
WITH latest AS (
  SELECT factory_id, arg_max(verify_id, verified_at) AS verify_id FROM ops.reconciliation GROUP BY factory_id
), picked AS (
  SELECT factory_id, verify_id, day, entity_type, entity, metric, expected, actual, abs_error, rel_error, status
  FROM ops.reconciliation
  WHERE status <> 'MATCH' OR (entity_type IN ('factory', 'product') AND ($day IS NULL OR day = $day::DATE))
)
SELECT p.factory_id, p.day, p.entity_type, p.entity, p.metric, p.expected, p.actual, p.abs_error, p.rel_error, p.status
FROM picked p JOIN latest USING (factory_id, verify_id)
ORDER BY p.status = 'MATCH', p.factory_id, p.day, p.entity_type, p.entity, p.metric
LIMIT $limit
