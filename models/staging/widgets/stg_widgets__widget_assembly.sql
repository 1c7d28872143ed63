-- One row per widget-assembly event as it arrived: typed; component ids as a list.
SELECT
  widget_id,
  widget_type AS widget_type_raw,
  assembly_station_id AS station_raw,
  TRY_CAST(json(component_ids) AS VARCHAR[]) AS component_ids,
  silver.parse_naive(assembly_started_at) AS started_local,
  silver.parse_naive(assembly_completed_at) AS completed_local,
  TRY_CAST(assembly_duration_seconds AS DOUBLE) AS assembly_duration_s,
  worker_id,
  -- seed 002 calls the production order the widget was built for its batch
  batch_id AS order_id,
  -- schema drift: a release added line_id (empty before it)
  line_id,
  silver.source_id(_source_file) AS source_id,
  _source_file,
  _ordinal,
  _logical_date,
  _load_id
FROM bronze.widget_assembly_current
