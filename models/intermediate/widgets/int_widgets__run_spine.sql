-- The production runs of widget-plant machines as the state log shows them: one row per producing
-- interval that completed a run. Machines in the widget plant make one unit per run; a run whose
-- producing interval is cut by a failure makes nothing (the next interval is `failed`, starting
-- where it ends). The state log (ironworks' machine_states.jsonl) carries no chaos, so it is the
-- spine that events lost to malformed lines are reconciled against. Its times are whole seconds
-- (the file's precision); event times are exact to the millisecond.
WITH widget_sources AS (
  SELECT DISTINCT source_id FROM silver.stg_widgets__component_production
  UNION
  SELECT DISTINCT source_id FROM silver.stg_widgets__widget_assembly
),
states AS (
  SELECT DISTINCT
    silver.source_id(s._source_file) AS factory_id,
    s.machine_id AS machine_raw,
    s.state,
    TRY_CAST(s.start_time AS TIMESTAMPTZ) AS start_at,
    TRY_CAST(s.end_time AS TIMESTAMPTZ) AS end_at
  FROM bronze.machine_states_current s
  WHERE silver.source_id(s._source_file) IN (SELECT source_id FROM widget_sources)
),
keyed AS (
  SELECT s.*, k.machine_id, k.timezone
  FROM states s
  JOIN silver.int_widgets__machines k
    ON k.factory_id = s.factory_id AND k.machine_key = silver.name_key(s.machine_raw)
),
-- Files cut intervals at plant-local midnight: glue the pieces of one interval back together.
marked AS (
  SELECT *,
    CASE WHEN lag(state) OVER w = state AND lag(end_at) OVER w = start_at
              AND silver.utc_to_local(start_at, timezone)::TIME = TIME '00:00:00'
         THEN 0 ELSE 1 END AS is_new
  FROM keyed
  WINDOW w AS (PARTITION BY factory_id, machine_id ORDER BY start_at)
),
grouped AS (
  SELECT *, sum(is_new) OVER (PARTITION BY factory_id, machine_id ORDER BY start_at) AS grp FROM marked
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
  WINDOW w AS (PARTITION BY factory_id, machine_id ORDER BY start_at)
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
