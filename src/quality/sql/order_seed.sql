-- Each batch file's records in file order with their start times, for finding records moved out of
-- time order (chaos-score.ts: a longest increasing run keeps what stayed; late records belong at the end).
SELECT _source_file AS file, _ordinal AS ordinal, epoch(start_local) AS t, start_local::DATE < _logical_date AS is_late
FROM silver.stg_seed__production_batches
WHERE source_id = getvariable('verify_source') AND start_local IS NOT NULL
ORDER BY file, ordinal
