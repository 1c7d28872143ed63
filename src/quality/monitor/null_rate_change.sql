-- Null-rate change: per bronze column, the share of NULL values in the day's loads against the
-- trailing 14 days. Fires when it rises by more than 20 points (a sensor or a producer went quiet).
-- The per-column rates come from ops.null_rates, which the monitor fills for the day before this runs.
WITH today AS (SELECT table_name, column_name, null_rate FROM ops.null_rates WHERE day = getvariable('monitor_day')::DATE),
hist AS (
  SELECT table_name, column_name, avg(null_rate) AS base, count(*) AS days FROM ops.null_rates
  WHERE day < getvariable('monitor_day')::DATE AND day >= getvariable('monitor_day')::DATE - 14
  GROUP BY 1, 2
),
joined AS (SELECT * FROM today JOIN hist USING (table_name, column_name) WHERE days >= 3)
SELECT 'null_rate_change:' || table_name || '.' || column_name AS check_name, 'FAIL' AS status, 'WARN' AS severity,
       json_object('table', table_name, 'column', column_name, 'null_rate', round(null_rate, 4), 'baseline', round(base, 4)) AS details
FROM joined WHERE null_rate - base > 0.20
UNION ALL
SELECT 'null_rate_change:*', 'PASS', 'WARN', json_object('columns_checked', (SELECT count(*) FROM joined))
WHERE NOT EXISTS (SELECT 1 FROM joined WHERE null_rate - base > 0.20)
