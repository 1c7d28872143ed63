-- Incremental builds: the runner sets the variable ironworks_since to the first plant-local day it
-- rebuilds (and deletes and re-inserts every day from there on). A model reads only what those days
-- need by filtering its inputs with these; unset (a full build, or the SQL run by hand) they let
-- every row through.
-- silver.since(n): n days before the first day rebuilt (inputs a day's rows look back to).
CREATE OR REPLACE MACRO silver.since(n) AS
  coalesce(CAST(getvariable('ironworks_since') AS DATE), DATE '0001-01-01') - CAST(n AS INTEGER);
-- silver.in_window(day, n): a row on `day` is needed (rows without a day always are).
CREATE OR REPLACE MACRO silver.in_window(day, n) AS (day IS NULL OR day >= silver.since(n));
