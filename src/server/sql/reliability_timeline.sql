-- Machine state intervals of a range of plant-local days for the state timeline, from
-- gold.fct_machine_state: the pieces one interval was cut into at shift boundaries are glued back
-- (same machine and interval_start_at), within the range; times as epoch milliseconds (compact).
-- Params: $factory (NULL = every factory), $machine (NULL = every machine), $from, $to, $limit.
SELECT
  machine_id,
  state,
  any_value(reason) AS reason,
  epoch_ms(min(start_at)) AS start_ms,
  epoch_ms(max(end_at)) AS end_ms
FROM gold.fct_machine_state
WHERE ($factory IS NULL OR factory_id = $factory)
  AND ($machine IS NULL OR machine_id = $machine)
  AND event_date BETWEEN $from::DATE AND $to::DATE
GROUP BY factory_id, machine_id, state, interval_start_at, event_date
ORDER BY machine_id, start_ms
LIMIT $limit
