-- Load totals per logical day: files, rows read/loaded/quarantined, failed and late loads.
SELECT logical_date AS day, count(*) AS loads, sum(rows_read) AS rows_read, sum(rows_loaded) AS rows_loaded,
       sum(rows_quarantined) AS rows_quarantined, count(*) FILTER (WHERE status <> 'SUCCESS') AS failed_loads,
       count(*) FILTER (WHERE is_late) AS late_loads
FROM ops.raw_load_audit
GROUP BY logical_date
ORDER BY day
