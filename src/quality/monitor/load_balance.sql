-- Raw loads balance: every load of the day read exactly what it loaded plus what it quarantined,
-- and none failed. (Row counts further down, bronze → silver → gold, are checked in row_counts.sql.)
WITH day_loads AS (
  SELECT * FROM ops.raw_load_audit WHERE logical_date = getvariable('monitor_day')::DATE
),
bad AS (SELECT * FROM day_loads WHERE status <> 'SUCCESS' OR rows_read <> rows_loaded + rows_quarantined)
SELECT 'raw_load_balance' AS check_name,
       CASE WHEN EXISTS (SELECT 1 FROM bad) THEN 'FAIL' ELSE 'PASS' END AS status,
       'ERROR' AS severity,
       json_object('loads', (SELECT count(*) FROM day_loads), 'failed_or_unbalanced', (SELECT count(*) FROM bad),
                   'files', (SELECT list(source_file) FROM (SELECT source_file FROM bad LIMIT 5))) AS details
