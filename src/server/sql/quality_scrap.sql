-- Scrap over a range of plant-local days from kpi_scrap (machine × product × day): produced (PQ),
-- good (GQ) and scrap (SQ) summed per grain, then scrap ratio = SQ / PQ and quality = GQ / PQ
-- divided once. `grain`: factory, machine, product, machine_product.
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
WITH sums AS (
  SELECT
    CASE
      WHEN grouping(machine_id) = 1 AND grouping(product_name) = 1 THEN 'factory'
      WHEN grouping(product_name) = 1 THEN 'machine'
      WHEN grouping(machine_id) = 1 THEN 'product'
      ELSE 'machine_product'
    END AS grain,
    factory_id,
    CASE WHEN grouping(machine_id) = 0 THEN machine_id END AS machine_id,
    CASE WHEN grouping(product_name) = 0 THEN product_name END AS product_name,
    sum(runs) AS runs,
    sum(pq) AS pq,
    sum(gq) AS gq,
    sum(sq) AS sq
  FROM gold.kpi_scrap
  WHERE ($factory IS NULL OR factory_id = $factory)
    AND event_date BETWEEN $from::DATE AND $to::DATE
  GROUP BY GROUPING SETS ((factory_id), (factory_id, machine_id), (factory_id, product_name), (factory_id, machine_id, product_name))
)
SELECT *, sq / nullif(pq, 0) AS scrap_ratio, gq / nullif(pq, 0) AS quality
FROM sums
ORDER BY grain, factory_id, sq DESC, machine_id, product_name
