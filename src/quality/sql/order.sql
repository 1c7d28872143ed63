-- Each batch (or component) file's records in file order with their times, for finding records moved
-- out of time order (chaos-score.ts: a longest increasing run keeps what stayed; late records belong at the end).
SELECT _source_file AS file, _ordinal AS ordinal, epoch(start_local) AS t, start_local::DATE < _logical_date AS is_late
FROM silver.stg_seed__production_batches
WHERE source_id = getvariable('verify_source') AND start_local IS NOT NULL
UNION ALL
SELECT _source_file, _ordinal, epoch(produced_local), produced_local::DATE < _logical_date
FROM silver.stg_widgets__component_production
WHERE source_id = getvariable('verify_source') AND produced_local IS NOT NULL
ORDER BY file, ordinal
