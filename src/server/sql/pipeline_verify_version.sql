-- What identifies the verify results: they change only when a verify run writes new rows.
SELECT count(*) AS n, max(verified_at)::VARCHAR AS last FROM ops.reconciliation
