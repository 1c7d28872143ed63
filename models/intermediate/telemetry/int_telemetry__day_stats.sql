-- config: materialized=incremental; partition_by=_logical_date; lookback_days=0; batch_days=1
-- Robust statistics of clock-sampled telemetry (seed-format plants' telemetry.jsonl), per machine,
-- plant-local day and delivery (the drop a reading came in): per machine state (state set) for
-- temperature, pressure and vibration, whose levels follow what the machine does; over all states
-- (state NULL) for energy, power and efficiency, from their positive readings only (they are 0
-- whenever the machine makes nothing, and a step that only partly overlaps a run carries part of
-- a step's energy). Medians and MADs ignore spikes. Keyed by delivery too, so a drop's statistics
-- are computed from that drop alone (pushdown: a new drop never rescans the old ones) and never
-- change when later drops arrive. Used by int_telemetry__readings (unit change, spikes).
WITH r AS (
  SELECT
    source_id, machine_id, state, _logical_date, event_date,
    temperature_c, pressure_bar, vibration_mm_s,
    nullif(greatest(energy_kwh, 0), 0) AS energy_pos,
    nullif(greatest(power_kw, 0), 0) AS power_pos,
    nullif(greatest(efficiency_percent, 0), 0) AS efficiency_pos
  FROM silver.int_telemetry__located
  WHERE reading_at IS NOT NULL AND machine_id IS NOT NULL
)
SELECT
  source_id, machine_id, event_date, _logical_date, state,
  count(*) AS readings,
  count(temperature_c) AS temperature_n,
  median(temperature_c) AS temperature_med,
  mad(temperature_c) AS temperature_mad,
  median(pressure_bar) AS pressure_med,
  mad(pressure_bar) AS pressure_mad,
  median(vibration_mm_s) AS vibration_med,
  mad(vibration_mm_s) AS vibration_mad,
  NULL::DOUBLE AS energy_med, NULL::DOUBLE AS energy_mad,
  NULL::DOUBLE AS power_med, NULL::DOUBLE AS power_mad,
  NULL::DOUBLE AS efficiency_med, NULL::DOUBLE AS efficiency_mad
FROM r
GROUP BY ALL
UNION ALL
SELECT
  source_id, machine_id, event_date, _logical_date, NULL AS state,
  count(*),
  NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  median(energy_pos), mad(energy_pos),
  median(power_pos), mad(power_pos),
  median(efficiency_pos), mad(efficiency_pos)
FROM r
GROUP BY ALL
