-- Volume anomaly: a bronze table's rows for the day against its previous 14 days (z-score).
-- Fires when |z| > 3 with at least 7 days of history; quiet otherwise.
WITH daily AS (
  SELECT target_table AS t, logical_date AS d, sum(rows_loaded) AS n
  FROM ops.file_manifest
  WHERE status = 'SUCCESS' AND logical_date IS NOT NULL
  GROUP BY 1, 2
),
today AS (SELECT t, n FROM daily WHERE d = getvariable('monitor_day')::DATE),
hist AS (
  SELECT t, avg(n) AS mean, stddev_samp(n) AS sd, count(*) AS days
  FROM daily
  WHERE d < getvariable('monitor_day')::DATE AND d >= getvariable('monitor_day')::DATE - 14
  GROUP BY 1
)
SELECT
  'volume_anomaly:' || today.t AS check_name,
  CASE WHEN hist.days >= 7 AND hist.sd > 0 AND abs((today.n - hist.mean) / hist.sd) > 3 THEN 'FAIL' ELSE 'PASS' END AS status,
  'WARN' AS severity,
  json_object('table', today.t, 'rows', today.n, 'mean_14d', round(hist.mean, 1), 'sd_14d', round(hist.sd, 1),
              'z', CASE WHEN hist.sd > 0 THEN round((today.n - hist.mean) / hist.sd, 2) END, 'history_days', coalesce(hist.days, 0)) AS details
FROM today LEFT JOIN hist USING (t)
