-- Cleaning helpers shared by the intermediate models (docs/cleaning-rules.md).

-- A naive plant-local wall clock that the zone does not map to exactly one instant:
-- 'nonexistent' (skipped by a spring-forward: 02:30 on 2026-03-08 in America/Chicago) or
-- 'ambiguous' (repeated by a fall-back: 01:30 on 2025-11-02). NULL when it is fine.
-- DuckDB (ICU) maps a nonexistent time forward and an ambiguous one to its later (standard-time)
-- instant; the models keep that instant and flag the row.
CREATE OR REPLACE MACRO silver.local_time_issue(ts, tz) AS
  CASE
    WHEN ts IS NULL OR tz IS NULL THEN NULL
    WHEN timezone(tz, timezone(tz, ts)) <> ts THEN 'nonexistent'
    WHEN timezone(tz, timezone(tz, ts) - INTERVAL 1 HOUR) = ts
      OR timezone(tz, timezone(tz, ts) + INTERVAL 1 HOUR) = ts THEN 'ambiguous'
  END;

-- A naive timestamp read as UTC (timezone_mix: some sources write UTC with no marker).
CREATE OR REPLACE MACRO silver.naive_utc(ts) AS timezone('UTC', ts);

-- unit_change: °F back to °C. °F is written with 3 decimals and °C had 2, so rounding to 2 is exact.
CREATE OR REPLACE MACRO silver.fahrenheit_to_celsius(f) AS round((f - 32) / 1.8, 2);

-- unit_change: is a day whose median temperature is `day_median` in °F, given the machine's °C
-- baseline median? Nearer to 1.8 × baseline + 32 than to the baseline, and within 10 % of it.
CREATE OR REPLACE MACRO silver.looks_fahrenheit(day_median, baseline_median) AS
  coalesce(
    abs(day_median - (1.8 * baseline_median + 32)) < abs(day_median - baseline_median)
    AND abs(day_median - (1.8 * baseline_median + 32)) <= 0.1 * abs(1.8 * baseline_median + 32),
    false);

-- outlier: a robust z-score, |x − median| / MAD, with a floor on the MAD so a near-constant
-- measure does not flag its own rounding noise (1 % of the median, at least 0.01).
CREATE OR REPLACE MACRO silver.robust_z(x, med, mad) AS
  abs(x - med) / greatest(mad, 0.01 * abs(med), 0.01);
