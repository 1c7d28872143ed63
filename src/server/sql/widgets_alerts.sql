-- Alerts raised in a range of plant-local days (gold.fct_alert), newest first.
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive), $limit.
SELECT factory_id, alert_id, raised_at, event_date, shift_id, severity, kind, machine_id, message,
       run_id, units_failed
FROM gold.fct_alert
WHERE ($factory IS NULL OR factory_id = $factory)
  AND event_date BETWEEN $from::DATE AND $to::DATE
ORDER BY raised_at DESC, alert_id
LIMIT $limit
