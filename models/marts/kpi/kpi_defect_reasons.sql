-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- One row per defect reason named by a failed QC check (both plants), the input of the Pareto
-- marts. Widget checks list their defects (defects_found; a check can name two). A seed-format
-- batch check names one reason in its notes ("2 defective units, mostly porosity, …").
SELECT factory_id, event_date, check_id, widget_type AS product_name, station_id AS machine_id, reason
FROM gold.fct_widget_qc, unnest(defects_found) AS u(reason)
WHERE NOT passed
UNION ALL
SELECT factory_id, event_date, check_id, product_name, machine_id,
       nullif(regexp_extract(defect_notes, 'mostly ([^,]+)', 1), '') AS reason
FROM gold.fct_quality_check
WHERE NOT is_pass
