-- config: materialized=incremental; partition_by=event_date; lookback_days=2
-- One row per telemetry reading, cleaned: exact redelivered copies dropped, machine ids canonical,
-- plant-local time → UTC, °F back to °C (int_widgets__temperature_scale), spikes flagged: a sign
-- flip on a measure that is never negative, or more than twice the 99th percentile of the measure
-- on that machine that plant-local day (in that status for temperature, vibration and efficiency;
-- power comes in lumps of a step's production energy, so over all the machine's readings of the
-- day). Per day, so a day's flags never change when later days arrive. Nulls stay null. Drifted
-- sensor clocks cannot be undone (timestamp_drift: no rule can).
-- Late (is_late): stamped before the drop's day AND behind the file's watermark — the latest stamp
-- that arrived before it in the file (a topic export is in arrival order), at least the drop day's
-- midnight — by more than the allowed out-of-orderness of 10 minutes (two sensor clocks each off by
-- up to ±5 minutes). A reading stamped seconds before midnight among the first of the next day's
-- drop is a drifted clock delivered on time; a late reading arrives after a day of newer ones.
WITH distinct_rows AS (
  SELECT *,
    greatest(CAST(_logical_date AS TIMESTAMP), max(measured_local) OVER (
      PARTITION BY _source_file ORDER BY _ordinal ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) AS watermark_local,
    row_number() OVER (
      PARTITION BY source_id, machine_raw, measured_local, status, temperature_raw, vibration_level,
                   power_w, cycle_count, efficiency_pct
      ORDER BY _logical_date, _source_file, _ordinal) AS copy_no
  FROM silver.stg_widgets__machine_telemetry
  WHERE measured_local IS NOT NULL
),
resolved AS (
  SELECT r.*, k.machine_id, f.timezone,
    silver.local_to_utc(r.measured_local, f.timezone) AS measured_at,
    CAST(r.measured_local AS DATE) AS event_date -- the plant-local day of a plant-local wall clock
  FROM distinct_rows r
  LEFT JOIN silver.int_machine_keys k ON k.source_id = r.source_id AND k.machine_key = silver.name_key(r.machine_raw)
  LEFT JOIN silver.int_factory f ON f.factory_id = r.source_id
  WHERE r.copy_no = 1
),
scaled AS (
  SELECT r.*,
    coalesce(s.is_fahrenheit, false) AND r.temperature_raw IS NOT NULL AS is_fahrenheit,
    CASE WHEN coalesce(s.is_fahrenheit, false) THEN silver.fahrenheit_to_celsius(r.temperature_raw) ELSE r.temperature_raw END AS temperature_c
  FROM resolved r
  LEFT JOIN silver.int_widgets__temperature_scale s
    ON s.topic = 'machine-telemetry' AND s.factory_id = r.source_id AND s.machine_id = r.machine_id AND s.event_date = r.event_date
),
bounds AS (
  SELECT *,
    quantile_cont(temperature_c, 0.99) OVER m AS temperature_p99,
    quantile_cont(vibration_level, 0.99) OVER m AS vibration_p99,
    quantile_cont(power_w, 0.99) OVER (PARTITION BY source_id, machine_id, event_date) AS power_p99,
    quantile_cont(efficiency_pct, 0.99) OVER m AS efficiency_p99
  FROM scaled
  WINDOW m AS (PARTITION BY source_id, machine_id, status, event_date)
)
SELECT
  source_id AS factory_id,
  machine_id,
  machine_raw,
  machine_type,
  measured_at,
  event_date,
  status,
  temperature_c,
  vibration_level,
  power_w,
  cycle_count,
  efficiency_pct,
  building,
  floor,
  line,
  is_fahrenheit,
  coalesce(temperature_c < 0 OR temperature_c > 2 * temperature_p99, false) AS temperature_is_outlier,
  coalesce(vibration_level < 0 OR vibration_level > 2 * vibration_p99, false) AS vibration_is_outlier,
  coalesce(power_w < 0 OR power_w > 2 * power_p99, false) AS power_is_outlier,
  coalesce(efficiency_pct < 0 OR efficiency_pct > 2 * efficiency_p99, false) AS efficiency_is_outlier,
  machine_id IS NULL AS machine_unresolved,
  event_date < _logical_date AND measured_local < watermark_local - INTERVAL 10 MINUTE AS is_late,
  _logical_date AS delivered_on,
  _source_file,
  _ordinal
FROM bounds
