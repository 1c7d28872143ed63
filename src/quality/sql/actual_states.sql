-- Seconds in each machine state per plant-local day, from the state fact (pieces cut at shifts and midnight).
SELECT event_date::VARCHAR AS day, 'machine' AS entity_type, machine_id AS entity, 'states_s.' || state AS metric, sum(duration_s)::DOUBLE AS value
FROM gold.fct_machine_state
WHERE factory_id = getvariable('verify_factory')
GROUP BY ALL
