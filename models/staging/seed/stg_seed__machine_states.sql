-- One row per state interval (machine_states.jsonl, both plants). Timestamps carry their offset,
-- so they are exact instants: cast straight to TIMESTAMPTZ.
SELECT
  silver.source_id(_source_file) AS source_id,
  machine_id AS machine_raw,
  lower(trim(state)) AS state,
  TRY_CAST(start_time AS TIMESTAMPTZ) AS start_at,
  TRY_CAST(end_time AS TIMESTAMPTZ) AS end_at,
  nullif(reason, '') AS reason,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.machine_states_current
