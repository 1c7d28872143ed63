-- The newest verify run per factory: metrics compared with the truth per entity type.
-- (Aggregated first, then narrowed to the newest run: the join then meets a handful of rows.)
WITH latest AS (
  SELECT factory_id, arg_max(verify_id, verified_at) AS verify_id FROM ops.reconciliation GROUP BY factory_id
), by_type AS (
  SELECT factory_id, verify_id, entity_type, min(day) AS first_day, max(day) AS last_day, count(*) AS metrics,
         count(*) FILTER (WHERE status = 'MATCH') AS matched, max(abs_error) AS max_abs_error,
         max(verified_at) AS verified_at
  FROM ops.reconciliation
  GROUP BY ALL
)
SELECT b.factory_id, b.verify_id, b.first_day, b.last_day, b.entity_type, b.metrics, b.matched,
       b.metrics - b.matched AS mismatched, b.matched / b.metrics AS match_share, b.max_abs_error, b.verified_at
FROM by_type b JOIN latest USING (factory_id, verify_id)
ORDER BY b.factory_id, b.entity_type
