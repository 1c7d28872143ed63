-- Time: naive text → wall-clock TIMESTAMP; wall clock in a zone ↔ UTC instant (TIMESTAMPTZ);
-- the plant-local day of an instant. DST-aware through ICU (a built-in extension).
CREATE OR REPLACE MACRO silver.parse_naive(x) AS TRY_CAST(replace(x, 'T', ' ') AS TIMESTAMP);
CREATE OR REPLACE MACRO silver.local_to_utc(ts, tz) AS timezone(tz, ts);
CREATE OR REPLACE MACRO silver.utc_to_local(tstz, tz) AS timezone(tz, tstz);
CREATE OR REPLACE MACRO silver.local_date(tstz, tz) AS timezone(tz, tstz)::DATE;
-- The source id is the first segment of a bronze file identity (`FACTORY-ALPHA/raw_data/…`).
CREATE OR REPLACE MACRO silver.source_id(f) AS split_part(f, '/', 1);
