-- Chaos scores of the newest verify run per factory: silver's findings against the chaos ledger.
WITH latest AS (
  SELECT factory_id, arg_max(verify_id, scored_at) AS verify_id FROM ops.chaos_scores GROUP BY factory_id
)
SELECT c.factory_id, c.verify_id, c.chaos_type, c.recoverable, c.scored, c.injected, c.detected, c.matched,
       c.precision, c.recall, c.scored_at
FROM ops.chaos_scores c JOIN latest USING (factory_id, verify_id)
ORDER BY c.factory_id, c.chaos_type
