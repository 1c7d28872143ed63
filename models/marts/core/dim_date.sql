-- One row per calendar day covered by the data (every drop day loaded, 3 days either side).
WITH days AS (SELECT DISTINCT event_date AS date_day FROM silver.int_shift_segments)
SELECT
  date_day,
  year(date_day) AS year,
  quarter(date_day) AS quarter,
  month(date_day) AS month,
  monthname(date_day) AS month_name,
  day(date_day) AS day_of_month,
  isodow(date_day) AS iso_day_of_week,
  dayname(date_day) AS day_name,
  weekofyear(date_day) AS iso_week,
  yearweek(date_day) AS iso_year_week,
  isodow(date_day) >= 6 AS is_weekend
FROM days
