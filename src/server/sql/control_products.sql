-- Daily totals per product: runs, produced, good, scrap, energy. Params: $day, $factory.
SELECT s.factory_id, s.product_name, sum(s.runs) AS runs, sum(s.pq) AS pq, sum(s.gq) AS gq, sum(s.sq) AS sq,
       sum(s.sq) / nullif(sum(s.pq), 0) AS scrap_ratio, sum(e.energy_kwh) AS energy_kwh
FROM gold.kpi_scrap s
LEFT JOIN gold.kpi_energy e USING (factory_id, machine_id, product_name, event_date)
WHERE s.event_date = $day::DATE AND ($factory IS NULL OR s.factory_id = $factory)
GROUP BY ALL
ORDER BY s.factory_id, s.product_name
