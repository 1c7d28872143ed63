-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- Scrap per machine × product × plant-local day (runs by the day they started): produced, good and
-- scrapped units, scrap ratio = SQ / PQ and quality = GQ / PQ (NULL when nothing was produced).
-- Roll up by summing units, then dividing.
SELECT
  factory_id,
  machine_id,
  product_name,
  event_date,
  count(*) AS runs,
  sum(units_produced) AS pq,
  sum(good_units) AS gq,
  sum(units_defective) AS sq,
  sum(units_defective) / nullif(sum(units_produced), 0) AS scrap_ratio,
  sum(good_units) / nullif(sum(units_produced), 0) AS quality
FROM gold.fct_production
GROUP BY ALL
