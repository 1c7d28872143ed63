-- Failures that started in a range of plant-local days (kpi_failure_events: a maximal stretch of
-- `failed` state; restored_at NULL while still open when the data end), newest first.
-- Params: $factory (NULL = every factory), $machine (NULL = every machine), $from, $to, $limit.
SELECT factory_id, machine_id, failure_key, failure_mode, failed_at, restored_at, failure_date,
       failure_shift_id, restoration_date, ttr_s, down_so_far_s
FROM gold.kpi_failure_events
WHERE ($factory IS NULL OR factory_id = $factory)
  AND ($machine IS NULL OR machine_id = $machine)
  AND failure_date BETWEEN $from::DATE AND $to::DATE
ORDER BY failed_at DESC, machine_id
LIMIT $limit
