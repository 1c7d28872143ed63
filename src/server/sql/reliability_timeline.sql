-- The state pieces of one page of machines (by id) over a range of plant-local days, in time order,
-- for the state timeline; the route glues them into intervals (routes/timeline.ts). Flat and read
-- as columns: cheaper than gluing with windows and list aggregates in SQL (measured).
-- `machine_count`: machines in the range (for paging); times as epoch ms (DOUBLE: plain numbers).
-- Params: $factory (NULL = every factory), $machine (NULL = every machine), $from, $to,
-- $offset, $machines (the page of machines).
WITH pieces AS (
  SELECT machine_id, state, reason, start_at, end_at
  FROM gold.fct_machine_state
  WHERE ($factory IS NULL OR factory_id = $factory)
    AND ($machine IS NULL OR machine_id = $machine)
    AND event_date BETWEEN $from::DATE AND $to::DATE
),
shown AS (
  SELECT machine_id, count(*) OVER () AS machine_count
  FROM (SELECT DISTINCT machine_id FROM pieces)
  ORDER BY machine_id
  LIMIT $machines OFFSET $offset
)
SELECT p.machine_id, p.state, p.reason, epoch_ms(p.start_at)::DOUBLE AS s, epoch_ms(p.end_at)::DOUBLE AS e,
       shown.machine_count::DOUBLE AS machine_count
FROM pieces p
JOIN shown USING (machine_id)
ORDER BY p.machine_id, p.start_at, p.end_at
