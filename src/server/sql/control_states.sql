-- Machine state intervals of a day, as seconds since plant-local midnight (for the state at the
-- dashboard's clock): one row per machine with its intervals as parallel lists (a 100-machine day
-- has thousands). Plain epoch arithmetic from the day's start instant: converting every row's
-- instant through the time zone costs ten times more. Params: $day, $factory.
WITH f AS (
  SELECT factory_id, epoch(timezone(timezone, $day::DATE::TIMESTAMP)) AS t0
  FROM gold.dim_factory
  WHERE $factory IS NULL OR factory_id = $factory
), s AS (
  SELECT s.factory_id, s.machine_id, s.state,
         greatest(0, epoch(s.start_at) - f.t0) AS start_s,
         least(86400, epoch(s.end_at) - f.t0) AS end_s
  FROM gold.fct_machine_state s
  JOIN f USING (factory_id)
  WHERE s.event_date = $day::DATE
)
SELECT machine_id, list(state ORDER BY start_s) AS states, list(start_s ORDER BY start_s) AS starts,
       list(end_s ORDER BY start_s) AS ends
FROM s
GROUP BY factory_id, machine_id
ORDER BY factory_id, machine_id
