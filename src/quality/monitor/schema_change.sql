-- Schema change: columns of bronze tables that were not there at the previous check.
-- ops.schema_history keeps what each check saw (written by the monitor after the checks run).
WITH now_cols AS (
  SELECT table_name AS t, column_name AS c FROM information_schema.columns
  WHERE table_schema = 'bronze' AND table_name NOT LIKE '%\_current' ESCAPE '\' AND table_name <> 'quarantine'
),
seen AS (SELECT DISTINCT table_name AS t, column_name AS c FROM ops.schema_history),
tables_seen AS (SELECT DISTINCT table_name AS t FROM ops.schema_history),
new_cols AS (SELECT t, list(c ORDER BY c) AS cols FROM now_cols WHERE (t, c) NOT IN (SELECT (t, c) FROM seen) AND t IN (SELECT t FROM tables_seen) GROUP BY t)
SELECT 'schema_change:' || t AS check_name, 'FAIL' AS status, 'WARN' AS severity,
       json_object('table', t, 'new_columns', cols) AS details
FROM new_cols
UNION ALL
SELECT 'schema_change:*', 'PASS', 'WARN', json_object('tables', (SELECT count(DISTINCT t) FROM now_cols))
WHERE NOT EXISTS (SELECT 1 FROM new_cols)
