-- config: materialized=incremental; partition_by=event_date; lookback_days=0
-- Energy per machine × product × plant-local day: kWh of the runs that started that day (each run
-- round(units × kWh/unit of the day, 2), exact in decimals), good units, and kWh per good unit =
-- kWh / GQ (NULL with no good units). Roll up by summing kWh and GQ, then dividing.
SELECT
  factory_id,
  machine_id,
  product_name,
  event_date,
  count(*) AS runs,
  sum(units_produced) AS pq,
  sum(good_units) AS gq,
  sum(energy_kwh)::DECIMAL(18, 2) AS energy_kwh,
  sum(energy_kwh)::DOUBLE / nullif(sum(good_units), 0) AS energy_per_good_unit_kwh,
  sum(energy_kwh)::DOUBLE / nullif(sum(units_produced), 0) AS energy_per_unit_kwh
FROM gold.fct_production
GROUP BY ALL
