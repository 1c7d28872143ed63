-- Efficiency per machine and day over every day (the degradation mart: ideal time / APT) and its
-- alert; the fitted trend of the selected day is in control_floor. Params: $factory.
SELECT machine_id, event_date AS day, efficiency, alert
FROM gold.kpi_degradation_machine_day
WHERE ($factory IS NULL OR factory_id = $factory)
ORDER BY factory_id, machine_id, day
