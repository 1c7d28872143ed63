-- Widgets assembled in a range of plant-local days (gold.fct_widget_assembly, by the assembly's start):
-- built, defective (failed QC), without a QC check, mean assembly time.
-- `grain`: factory, station, type (widget type), station_type.
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
SELECT
  CASE
    WHEN grouping(station_id) = 1 AND grouping(widget_type) = 1 THEN 'factory'
    WHEN grouping(widget_type) = 1 THEN 'station'
    WHEN grouping(station_id) = 1 THEN 'type'
    ELSE 'station_type'
  END AS grain,
  factory_id,
  CASE WHEN grouping(station_id) = 0 THEN station_id END AS station_id,
  CASE WHEN grouping(widget_type) = 0 THEN widget_type END AS widget_type,
  count(*) AS built,
  count(*) FILTER (WHERE is_defective) AS defective,
  count(*) FILTER (WHERE NOT is_defective) AS good,
  count(*) FILTER (WHERE qc_missing) AS qc_missing,
  avg(assembly_duration_s) AS mean_assembly_s
FROM gold.fct_widget_assembly
WHERE ($factory IS NULL OR factory_id = $factory)
  AND event_date BETWEEN $from::DATE AND $to::DATE
GROUP BY GROUPING SETS ((factory_id), (factory_id, station_id), (factory_id, widget_type), (factory_id, station_id, widget_type))
ORDER BY grain, factory_id, station_id NULLS FIRST, widget_type NULLS FIRST
