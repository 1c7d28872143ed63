-- The days gold has KPIs for, per factory, with the factory's name and zone.
SELECT k.factory_id, f.factory_name, f.timezone, k.event_date AS day
FROM (SELECT DISTINCT factory_id, event_date FROM gold.kpi_oee_factory_day) k
LEFT JOIN gold.dim_factory f USING (factory_id)
ORDER BY k.factory_id, day
