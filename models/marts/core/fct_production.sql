-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- Every plant's production runs in one shape: seed-format batches (silver.int_production_runs__seed)
-- and widget assemblies / component runs (silver.int_production_runs__widgets). The KPI marts
-- read this. Columns are a contract shared by both inputs.
SELECT * FROM silver.int_production_runs__seed
UNION ALL
SELECT * FROM silver.int_production_runs__widgets
