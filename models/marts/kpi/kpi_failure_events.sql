-- config: materialized=table; partition_by=failure_date
-- One row per machine failure (both plants): when it started, when the machine was restored, and
-- the time to restoration (TTR). A failure is a maximal stretch of `failed` state; the state files
-- cut intervals at plant-local midnight, so pieces that touch are glued back together. The failure
-- counts on the day and in the shift of its start; the restoration on the day of its end, in the
-- shift that held the last instant before it (ISO 22400: TTR is the whole repair, not clipped to a
-- day). A failure still open when the data ends has no restoration yet (restored_at NULL).
WITH pieces AS (
  SELECT DISTINCT factory_id, machine_id, interval_start_at AS start_at, interval_end_at AS end_at
  FROM gold.fct_machine_state
  WHERE state = 'failed'
),
marked AS (
  SELECT *,
    CASE WHEN lag(end_at) OVER w = start_at THEN 0 ELSE 1 END AS is_new
  FROM pieces
  WINDOW w AS (PARTITION BY factory_id, machine_id ORDER BY start_at, end_at)
),
grouped AS (
  SELECT *,
    sum(is_new) OVER (PARTITION BY factory_id, machine_id ORDER BY start_at, end_at ROWS UNBOUNDED PRECEDING) AS grp
  FROM marked
),
failures AS (
  SELECT factory_id, machine_id, min(start_at) AS failed_at, max(end_at) AS failed_until
  FROM grouped
  GROUP BY factory_id, machine_id, grp
),
last_state AS (
  SELECT factory_id, machine_id, max(interval_end_at) AS data_end_at
  FROM gold.fct_machine_state
  GROUP BY ALL
),
reasons AS (
  SELECT factory_id, machine_id, interval_start_at, any_value(reason) AS reason
  FROM gold.fct_machine_state WHERE state = 'failed' GROUP BY ALL
)
SELECT
  f.factory_id,
  f.machine_id,
  f.machine_id || '@' || strftime(f.failed_at, '%Y-%m-%dT%H:%M:%SZ') AS failure_key,
  r.reason AS failure_mode,
  f.failed_at,
  CASE WHEN f.failed_until < l.data_end_at THEN f.failed_until END AS restored_at,
  fs.event_date AS failure_date,
  fs.shift_id AS failure_shift_id,
  CASE WHEN f.failed_until < l.data_end_at THEN silver.local_date(f.failed_until, fs.timezone) END AS restoration_date,
  CASE WHEN f.failed_until < l.data_end_at THEN rs.shift_id END AS restoration_shift_id,
  CASE WHEN f.failed_until < l.data_end_at THEN epoch(f.failed_until) - epoch(f.failed_at) END AS ttr_s,
  epoch(f.failed_until) - epoch(f.failed_at) AS down_so_far_s
FROM failures f
JOIN last_state l ON l.factory_id = f.factory_id AND l.machine_id = f.machine_id
LEFT JOIN reasons r ON r.factory_id = f.factory_id AND r.machine_id = f.machine_id AND r.interval_start_at = f.failed_at
LEFT JOIN silver.int_shift_segments fs
  ON fs.factory_id = f.factory_id AND f.failed_at >= fs.start_at AND f.failed_at < fs.end_at
LEFT JOIN silver.int_shift_segments rs
  ON rs.factory_id = f.factory_id
 AND f.failed_until - INTERVAL 1 MILLISECOND >= rs.start_at AND f.failed_until - INTERVAL 1 MILLISECOND < rs.end_at
