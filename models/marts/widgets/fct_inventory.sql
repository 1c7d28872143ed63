-- Stock per item and location (stock point) per plant-local day: on hand at the day's start and
-- end, and what moved in between by cause. On-hand figures come from the moves themselves
-- (quantity_on_hand after each move), so one lost move does not shift every later day:
--   opening = on hand before the day's first move (its on-hand minus its change; an `opening` move
--   states the initial stock), closing = on hand after its last move.
--   balanced: opening + received + produced + returned − consumed − shipped = closing.
WITH moves AS (
  SELECT *,
    row_number() OVER (PARTITION BY factory_id, location, event_date ORDER BY moved_at, delivered_on, _ordinal) AS n_first,
    row_number() OVER (PARTITION BY factory_id, location, event_date ORDER BY moved_at DESC, delivered_on DESC, _ordinal DESC) AS n_last
  FROM silver.int_widgets__inventory_moves
  WHERE location IS NOT NULL AND event_date IS NOT NULL
)
SELECT
  factory_id,
  location,
  any_value(item) AS item,
  event_date,
  max(CASE WHEN n_first = 1 THEN quantity_on_hand - CASE WHEN reason = 'opening' THEN 0 ELSE change END END)::INTEGER AS opening_on_hand,
  coalesce(sum(change) FILTER (WHERE reason = 'received'), 0)::INTEGER AS received,
  coalesce(sum(change) FILTER (WHERE reason = 'produced'), 0)::INTEGER AS produced,
  coalesce(-sum(change) FILTER (WHERE reason = 'consumed'), 0)::INTEGER AS consumed,
  coalesce(sum(change) FILTER (WHERE reason = 'returned'), 0)::INTEGER AS returned,
  coalesce(-sum(change) FILTER (WHERE reason = 'shipped'), 0)::INTEGER AS shipped,
  coalesce(sum(change) FILTER (WHERE reason = 'scrapped'), 0)::INTEGER AS scrapped,
  max(CASE WHEN n_last = 1 THEN quantity_on_hand END)::INTEGER AS closing_on_hand,
  count(*) AS moves,
  max(CASE WHEN n_first = 1 THEN quantity_on_hand - CASE WHEN reason = 'opening' THEN 0 ELSE change END END)
    + coalesce(sum(change) FILTER (WHERE reason <> 'opening'), 0)
    = max(CASE WHEN n_last = 1 THEN quantity_on_hand END) AS balanced
FROM moves
GROUP BY factory_id, location, event_date
