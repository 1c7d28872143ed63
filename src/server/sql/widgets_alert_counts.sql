-- Alerts per severity and kind in a range of plant-local days (gold.fct_alert).
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
SELECT factory_id, severity, kind, count(*) AS alerts
FROM gold.fct_alert
WHERE ($factory IS NULL OR factory_id = $factory)
  AND event_date BETWEEN $from::DATE AND $to::DATE
GROUP BY ALL
ORDER BY factory_id, alerts DESC, severity, kind
