-- Material flow (Sankey edges) per day, and each buffer's daily balance: from the widgets inventory
-- fact when the plant has one, else rebuilt from the seed drop's inventory moves (opening stock, then
-- the day's moves by reason, carried forward over days without moves).
WITH moves AS (SELECT * FROM gold.fct_inventory_move WHERE factory_id = getvariable('verify_factory')),
days AS (SELECT DISTINCT event_date FROM gold.kpi_oee_factory_day WHERE factory_id = getvariable('verify_factory')),
bufs AS (SELECT buffer_id, coalesce(sum(change) FILTER (WHERE reason = 'opening'), 0) AS initial FROM moves GROUP BY 1),
flows AS (
  SELECT buffer_id, event_date,
         sum(change) FILTER (WHERE reason = 'produced') AS produced, -sum(change) FILTER (WHERE reason = 'consumed') AS consumed,
         sum(change) FILTER (WHERE reason = 'returned') AS returned, -sum(change) FILTER (WHERE reason = 'shipped') AS shipped,
         sum(change) FILTER (WHERE reason = 'received') AS received, sum(change) FILTER (WHERE reason <> 'opening') AS net
  FROM moves GROUP BY ALL
),
balance AS (
  SELECT b.buffer_id, d.event_date, coalesce(f.produced, 0) AS produced, coalesce(f.consumed, 0) AS consumed,
         coalesce(f.returned, 0) AS returned, coalesce(f.shipped, 0) AS shipped, coalesce(f.received, 0) AS received,
         coalesce(f.net, 0) AS net,
         b.initial + sum(coalesce(f.net, 0)) OVER (PARTITION BY b.buffer_id ORDER BY d.event_date) AS closing
  FROM bufs b CROSS JOIN days d LEFT JOIN flows f ON f.buffer_id = b.buffer_id AND f.event_date = d.event_date
),
from_moves AS (
  SELECT event_date, buffer_id AS location, (closing - net)::DOUBLE AS opening, produced::DOUBLE AS produced, consumed::DOUBLE AS consumed,
         returned::DOUBLE AS returned, shipped::DOUBLE AS shipped, received::DOUBLE AS received, closing::DOUBLE AS closing
  FROM balance
),
from_inventory AS (
  SELECT event_date, location, opening_on_hand::DOUBLE AS opening, produced::DOUBLE AS produced, consumed::DOUBLE AS consumed,
         returned::DOUBLE AS returned, shipped::DOUBLE AS shipped, received::DOUBLE AS received, closing_on_hand::DOUBLE AS closing
  FROM gold.fct_inventory WHERE factory_id = getvariable('verify_factory')
),
buffers AS (
  SELECT * FROM from_inventory
  UNION ALL
  SELECT * FROM from_moves WHERE NOT EXISTS (SELECT 1 FROM from_inventory)
)
SELECT event_date::VARCHAR AS day, 'flow' AS entity_type, from_node || '→' || to_node || '|' || item AS entity, 'quantity' AS metric, sum(quantity)::DOUBLE AS value
FROM gold.kpi_material_flow_day
WHERE factory_id = getvariable('verify_factory')
GROUP BY ALL
UNION ALL
SELECT event_date::VARCHAR, 'buffer', location, metric, value
FROM buffers UNPIVOT (value FOR metric IN (opening, produced, consumed, returned, shipped, received, closing))
