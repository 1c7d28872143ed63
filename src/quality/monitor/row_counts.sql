-- requires: silver.int_production_batches, gold.fct_production_batch
-- Row counts raw → silver → gold for the batch records that landed this day, with the expected losses
-- explained: bronze records = silver records + duplicate copies dropped; gold = silver; quarantined
-- records are counted beside (they never reached bronze). Fires when anything is unexplained.
WITH day AS (SELECT getvariable('monitor_day')::DATE AS d),
bronze AS (SELECT count(*) AS n FROM bronze.production_batches_current, day WHERE _logical_date = d),
quarantined AS (SELECT count(*) AS n FROM bronze.quarantine, day WHERE target_table = 'production_batches' AND _logical_date = d),
silver AS (SELECT count(*) AS n FROM silver.int_production_batches, day WHERE _logical_date = d),
copies AS (
  SELECT count(*) AS n FROM bronze.production_batches_current b, day
  WHERE b._logical_date = d
    AND NOT EXISTS (SELECT 1 FROM silver.int_production_batches s WHERE s._source_file = b._source_file AND s._ordinal = b._ordinal)
    AND EXISTS (SELECT 1 FROM silver.int_production_batches s WHERE s.batch_id = b.batch_id)
),
gold AS (SELECT count(*) AS n FROM gold.fct_production_batch, day WHERE drop_date = d)
SELECT 'row_counts:production_batches' AS check_name,
       CASE WHEN bronze.n = silver.n + copies.n AND gold.n = silver.n THEN 'PASS' ELSE 'FAIL' END AS status,
       'ERROR' AS severity,
       json_object('bronze', bronze.n, 'quarantined', quarantined.n, 'duplicates_dropped', copies.n, 'silver', silver.n, 'gold', gold.n,
                   'unexplained', bronze.n - silver.n - copies.n, 'gold_minus_silver', gold.n - silver.n) AS details
FROM bronze, quarantined, silver, copies, gold
