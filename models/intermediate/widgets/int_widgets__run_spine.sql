-- The production runs of widget-plant machines as the state log shows them: one row per producing
-- interval that completed a run. Machines in the widget plant make one unit per run; a run whose
-- producing interval is cut by a failure makes nothing (the next interval is `failed`, starting
-- where it ends). The state log (ironworks' machine_states.jsonl, silver.stg_seed__machine_states) carries no chaos, so it is the
-- spine that events lost to malformed lines are reconciled against. Its times are whole seconds
-- (the file's precision); event times are exact to the millisecond.
WITH widget_sources AS (
  SELECT DISTINCT source_id FROM silver.stg_widgets__component_production
  UNION
  SELECT DISTINCT source_id FROM silver.stg_widgets__widget_assembly
),
states AS (
  SELECT DISTINCT s.source_id AS factory_id, s.machine_raw, s.state, s.start_at, s.end_at
  FROM silver.stg_seed__machine_states s
  WHERE s.source_id IN (SELECT source_id FROM widget_sources)
),
keyed AS (
  SELECT s.*, k.machine_id, f.timezone
  FROM states s
  JOIN silver.int_machine_keys k
    ON k.source_id = s.factory_id AND k.machine_key = silver.name_key(s.machine_raw) AND k.machine_id IS NOT NULL
  JOIN silver.int_factory f ON f.factory_id = s.factory_id
),
-- Files cut intervals at plant-local midnight: glue the pieces of one interval back together.
marked AS (
  SELECT *,
    CASE WHEN lag(state) OVER w = state AND lag(end_at) OVER w = start_at
              AND silver.utc_to_local(start_at, timezone)::TIME = TIME '00:00:00'
         THEN 0 ELSE 1 END AS is_new
  FROM keyed
  WINDOW w AS (PARTITION BY factory_id, machine_id ORDER BY start_at, end_at)
),
-- (Sub-second intervals print as zero-length: order by end too, and count rows, not peers.)
grouped AS (
  SELECT *,
    sum(is_new) OVER (PARTITION BY factory_id, machine_id ORDER BY start_at, end_at ROWS UNBOUNDED PRECEDING) AS grp
  FROM marked
),
intervals AS (
  SELECT factory_id, machine_id, timezone, any_value(state) AS state, min(start_at) AS start_at, max(end_at) AS end_at
  FROM grouped
  GROUP BY factory_id, machine_id, timezone, grp
),
sequenced AS (
  SELECT *,
    lead(state) OVER w AS next_state,
    lead(start_at) OVER w AS next_start_at
  FROM intervals
  WINDOW w AS (PARTITION BY factory_id, machine_id ORDER BY start_at, end_at)
)
SELECT
  factory_id,
  machine_id,
  start_at,
  end_at,
  silver.local_date(start_at, timezone) AS event_date,
  timezone
FROM sequenced
WHERE state = 'producing'
  AND NOT (coalesce(next_state = 'failed', false) AND next_start_at = end_at)
