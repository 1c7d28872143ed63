-- Stock per stock point × item over a range of plant-local days (gold.fct_inventory): on hand at the
-- start of the range's first day with data and at the end of its last, the flows summed in between.
-- `balanced` is false when any day in the range lost a move line (its flows are then incomplete).
-- Params: $factory (NULL = every factory), $from, $to (days, inclusive).
SELECT
  factory_id,
  location,
  item,
  count(*) AS days,
  arg_min(opening_on_hand, event_date) AS opening_on_hand,
  sum(received) AS received,
  sum(produced) AS produced,
  sum(consumed) AS consumed,
  sum(returned) AS returned,
  sum(shipped) AS shipped,
  sum(scrapped) AS scrapped,
  arg_max(closing_on_hand, event_date) AS closing_on_hand,
  bool_and(balanced) AS balanced
FROM gold.fct_inventory
WHERE ($factory IS NULL OR factory_id = $factory)
  AND event_date BETWEEN $from::DATE AND $to::DATE
GROUP BY factory_id, location, item
ORDER BY factory_id, location, item
