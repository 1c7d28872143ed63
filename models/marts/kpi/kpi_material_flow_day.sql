-- Material flow per factory × plant-local day as Sankey edges (from_node → to_node, item, quantity):
--   supply → buffer        deliveries received (inventory moves, by the day of the move)
--   buffer → machine       inputs the day's runs used: units × recipe quantity of each input
--   machine → buffer       good units of the day's runs into the machine's output buffer
--   machine → scrap        defective units of the day's runs
--   buffer → shipping      shipments (inventory moves, by the day of the move)
-- Runs count on the day they started (fct_production). Items are the plants' item ids (as the
-- inventory writes them); buffers are where the inventory shows a machine taking / putting an item.
-- A recipe (input quantity per unit of a product) is measured, not configured: for the widget
-- plant, the median count of each component type in the widgets of that type (their component
-- ids); for a seed-format plant, the median over runs of net consumption (consumed − returned) per
-- unit made. Computing inputs and outputs from production, not from moves, keeps those edges exact
-- when a move line was lost (malformed_row). A lost delivery or shipment line is recovered from the
-- stock balance: the buffer's on-hand figures (quantity_on_hand after each move) give its stock at
-- the day's start and end; start + deliveries − shipments + production in − inputs out = end. When
-- the moves read do not balance, the difference is a delivery (if positive, on a buffer that takes
-- deliveries) or a shipment (if negative, on a buffer that ships): `is_inferred` marks such edges.
WITH moves AS (
  SELECT factory_id, buffer_id, item_id, product_name, event_date, moved_at, change, reason, reference_id,
         quantity_on_hand, move_id
  FROM gold.fct_inventory_move
  UNION ALL
  SELECT factory_id, location, item_raw, item, event_date, moved_at, change, reason, reference_id,
         quantity_on_hand, update_id
  FROM silver.int_widgets__inventory_moves
),
-- Moves of one instant in the order they were made: ids count up per buffer (`<buffer>-<n>`).
ordered AS (
  SELECT *, TRY_CAST(regexp_extract(move_id, '([0-9]+)$', 1) AS BIGINT) AS move_seq FROM moves
),
run_moves AS (
  SELECT m.*, k.machine_id
  FROM moves m
  JOIN silver.int_machine_keys k
    ON k.source_id = m.factory_id
   AND k.machine_key = silver.name_key(regexp_extract(m.reference_id, '^(.+)_[0-9]{8}_[0-9]+$', 1))
  WHERE m.reason IN ('produced', 'consumed', 'returned') AND k.machine_id IS NOT NULL
),
-- Where each machine puts each product and takes each input (the usual place, by move count).
outputs AS (
  SELECT factory_id, machine_id, silver.product_key(item_id) AS product_key,
         arg_max(buffer_id, n) AS buffer_id, arg_max(item_id, n) AS item_id
  FROM (SELECT factory_id, machine_id, item_id, buffer_id, count(*) AS n FROM run_moves WHERE reason = 'produced' GROUP BY ALL)
  GROUP BY ALL
),
inputs AS (
  SELECT factory_id, machine_id, item_id, arg_max(buffer_id, n) AS buffer_id
  FROM (SELECT factory_id, machine_id, item_id, buffer_id, count(*) AS n FROM run_moves WHERE reason = 'consumed' GROUP BY ALL)
  GROUP BY ALL
),
product_items AS (
  SELECT DISTINCT factory_id, silver.product_key(item_id) AS product_key, item_id FROM moves WHERE item_id IS NOT NULL
),
widget_recipes AS (
  SELECT factory_id, widget_type AS product_name, item_id, median(n) AS qty
  FROM (
    SELECT a.factory_id, a.widget_id, a.widget_type, c.component_type AS item_id, count(*) AS n
    FROM silver.int_widgets__assemblies a, unnest(a.component_ids) AS u(component_id)
    JOIN silver.int_widgets__components c ON c.factory_id = a.factory_id AND c.component_id = u.component_id
    GROUP BY ALL
  )
  GROUP BY ALL
),
run_recipes AS (
  SELECT p.factory_id, p.product_name, r.item_id, median(r.net / p.units_produced) AS qty
  FROM (
    SELECT factory_id, reference_id, item_id, -sum(change) AS net
    FROM run_moves WHERE reason IN ('consumed', 'returned') GROUP BY ALL
  ) r
  JOIN gold.fct_production p ON p.factory_id = r.factory_id AND p.run_id = r.reference_id
  WHERE p.units_produced > 0 AND r.net > 0
  GROUP BY ALL
),
recipes AS (
  SELECT * FROM widget_recipes
  UNION ALL
  SELECT * FROM run_recipes r
  WHERE NOT EXISTS (SELECT 1 FROM widget_recipes w WHERE w.factory_id = r.factory_id AND w.product_name = r.product_name)
),
runs AS (
  SELECT factory_id, machine_id, product_name, event_date,
         sum(units_produced) AS pq, sum(good_units) AS gq, sum(units_defective) AS sq
  FROM gold.fct_production
  GROUP BY ALL
),
internal AS (
  SELECT r.factory_id, r.event_date, i.buffer_id AS from_node, r.machine_id AS to_node, rc.item_id AS item,
         sum(r.pq * rc.qty) AS quantity
  FROM runs r
  JOIN recipes rc ON rc.factory_id = r.factory_id AND rc.product_name = r.product_name
  LEFT JOIN inputs i ON i.factory_id = r.factory_id AND i.machine_id = r.machine_id AND i.item_id = rc.item_id
  GROUP BY ALL
  UNION ALL
  SELECT r.factory_id, r.event_date, r.machine_id, o.buffer_id, o.item_id, sum(r.gq)
  FROM runs r
  LEFT JOIN outputs o ON o.factory_id = r.factory_id AND o.machine_id = r.machine_id AND o.product_key = silver.product_key(r.product_name)
  GROUP BY ALL
),
-- Runs move stock at their own instants: a run takes its inputs when its job starts (before its
-- setup, so possibly the day before the batch's start) and puts its output, and what it took but did
-- not use (`returned`), when it ends (possibly the next day). Its edges count on the day it started.
-- For the balance, a run whose moves fall on other days has its flow per buffer placed where the
-- stock moved: on the days before it ended as the moves read, on the day it ended the rest of its
-- net flow from production (so a lost line of the run still counts there); and taken off the day
-- it started, where the edges put it.
run_move_days AS (
  SELECT factory_id, reference_id AS run_id, buffer_id, event_date, sum(change) AS qty
  FROM moves
  WHERE reason IN ('produced', 'consumed', 'returned') AND reference_id IS NOT NULL
  GROUP BY ALL
),
crossing AS (
  SELECT p.factory_id, p.run_id, p.event_date, p.machine_id, p.product_name, p.units_produced, p.good_units,
         silver.local_date(p.end_at, f.timezone) AS settle_date
  FROM gold.fct_production p
  JOIN silver.int_factory f USING (factory_id)
  WHERE silver.local_date(p.end_at, f.timezone) <> p.event_date
     OR EXISTS (SELECT 1 FROM run_move_days r
                WHERE r.factory_id = p.factory_id AND r.run_id = p.run_id AND r.event_date <> p.event_date)
),
crossing_flows AS (
  SELECT c.factory_id, c.run_id, c.event_date, c.settle_date, i.buffer_id, -c.units_produced * rc.qty AS qty
  FROM crossing c
  JOIN recipes rc ON rc.factory_id = c.factory_id AND rc.product_name = c.product_name
  JOIN inputs i ON i.factory_id = c.factory_id AND i.machine_id = c.machine_id AND i.item_id = rc.item_id
  UNION ALL
  SELECT c.factory_id, c.run_id, c.event_date, c.settle_date, o.buffer_id, c.good_units
  FROM crossing c
  JOIN outputs o ON o.factory_id = c.factory_id AND o.machine_id = c.machine_id AND o.product_key = silver.product_key(c.product_name)
),
crossing_moves AS (
  SELECT m.*
  FROM run_move_days m
  JOIN (SELECT DISTINCT factory_id, run_id FROM crossing) c USING (factory_id, run_id)
),
early_moves AS (
  SELECT m.factory_id, m.buffer_id, m.event_date, m.run_id, m.qty
  FROM crossing_moves m
  JOIN (SELECT DISTINCT factory_id, run_id, settle_date FROM crossing_flows) c USING (factory_id, run_id)
  WHERE m.event_date <> c.settle_date
),
-- Moves of runs that production does not hold — a run that stopped before making anything (it took
-- its inputs and gave them all back, possibly after midnight), one still running when the data
-- end — changed the stock as read. Only where a plant's moves name its runs by their run ids (the
-- seed format's batch ids; the widget plant's moves name runs its production rows do not).
linked AS (
  SELECT m.factory_id
  FROM run_move_days m
  LEFT JOIN (SELECT DISTINCT factory_id, run_id FROM gold.fct_production) p USING (factory_id, run_id)
  GROUP BY m.factory_id
  HAVING count(p.run_id) > count(*) / 2
),
unknown_run_moves AS (
  SELECT m.factory_id, m.buffer_id, m.event_date, m.qty
  FROM run_move_days m
  JOIN linked USING (factory_id)
  WHERE NOT EXISTS (SELECT 1 FROM gold.fct_production p WHERE p.factory_id = m.factory_id AND p.run_id = m.run_id)
),
timing AS (
  SELECT factory_id, buffer_id, event_date, sum(qty) AS qty
  FROM (
    SELECT factory_id, buffer_id, event_date, qty FROM unknown_run_moves
    UNION ALL
    SELECT factory_id, buffer_id, event_date, qty FROM early_moves
    UNION ALL
    SELECT f.factory_id, f.buffer_id, f.settle_date,
           f.qty - coalesce((SELECT sum(e.qty) FROM early_moves e
                             WHERE e.factory_id = f.factory_id AND e.run_id = f.run_id AND e.buffer_id = f.buffer_id), 0)
    FROM crossing_flows f
    UNION ALL
    SELECT factory_id, buffer_id, event_date, -qty FROM crossing_flows
  )
  GROUP BY ALL
),
-- Stock at each buffer's day start (before its first move; an `opening` move states the initial
-- stock) and end (the next day's start when there is one, else after the day's last move).
stock AS (
  SELECT factory_id, buffer_id, event_date,
    arg_min(quantity_on_hand - change, (moved_at, move_seq)) FILTER (WHERE reason <> 'opening') AS start_stock,
    arg_max(quantity_on_hand, (moved_at, move_seq)) AS end_stock_read,
    any_value(item_id) AS item_id,
    coalesce(sum(change) FILTER (WHERE reason = 'received'), 0) AS received,
    coalesce(-sum(change) FILTER (WHERE reason = 'shipped'), 0) AS shipped
  FROM ordered
  WHERE buffer_id IS NOT NULL AND event_date IS NOT NULL
  GROUP BY ALL
),
stock_days AS (
  SELECT *,
    coalesce(lead(start_stock) OVER (PARTITION BY factory_id, buffer_id ORDER BY event_date), end_stock_read) AS end_stock
  FROM stock
),
buffer_roles AS (
  SELECT factory_id, buffer_id, bool_or(reason = 'received') AS takes_deliveries, bool_or(reason = 'shipped') AS ships
  FROM moves GROUP BY ALL
),
balance AS (
  SELECT s.*, b.takes_deliveries, b.ships,
    s.end_stock - s.start_stock
      - coalesce((SELECT sum(quantity) FROM internal i WHERE i.factory_id = s.factory_id AND i.event_date = s.event_date AND i.to_node = s.buffer_id), 0)
      + coalesce((SELECT sum(quantity) FROM internal i WHERE i.factory_id = s.factory_id AND i.event_date = s.event_date AND i.from_node = s.buffer_id), 0)
      - (s.received - s.shipped)
      - coalesce(t.qty, 0) AS unexplained
  FROM stock_days s
  JOIN buffer_roles b USING (factory_id, buffer_id)
  LEFT JOIN timing t USING (factory_id, buffer_id, event_date)
),
edges AS (
  SELECT factory_id, event_date, 'supply' AS from_node, buffer_id AS to_node, item_id AS item,
         received + CASE WHEN unexplained > 0 AND takes_deliveries THEN unexplained ELSE 0 END AS quantity,
         unexplained > 0 AND takes_deliveries AS is_inferred
  FROM balance
  UNION ALL
  SELECT factory_id, event_date, buffer_id, 'shipping', item_id,
         shipped + CASE WHEN unexplained < 0 AND ships THEN -unexplained ELSE 0 END,
         unexplained < 0 AND ships
  FROM balance
  UNION ALL
  SELECT *, false FROM internal
  UNION ALL
  SELECT r.factory_id, r.event_date, r.machine_id, 'scrap', coalesce(pi.item_id, r.product_name), sum(r.sq), false
  FROM runs r
  LEFT JOIN product_items pi ON pi.factory_id = r.factory_id AND pi.product_key = silver.product_key(r.product_name)
  GROUP BY ALL
)
SELECT factory_id, event_date, from_node, to_node, item, quantity, is_inferred
FROM edges
WHERE quantity <> 0
