-- ISO 22400 time elements and KPIs from the OEE marts, flattened like the truth:
-- machine × day (kpi_oee_machine_day), machine × shift (kpi_oee_machine_shift), factory × day.
WITH md AS (SELECT * FROM gold.kpi_oee_machine_day WHERE factory_id = getvariable('verify_factory')),
ms AS (SELECT * FROM gold.kpi_oee_machine_shift WHERE factory_id = getvariable('verify_factory')),
fd AS (SELECT * FROM gold.kpi_oee_factory_day WHERE factory_id = getvariable('verify_factory')),
times AS (
  SELECT event_date, 'machine' AS entity_type, machine_id AS entity, calendar_s, pot_s, planned_downtime_s, pbt_s, apt_s, asut_s, adet_s,
         down_s, adot_s, pq::DOUBLE AS pq, gq::DOUBLE AS gq, sq::DOUBLE AS sq, ideal_time_s, failures::DOUBLE AS failures,
         restorations::DOUBLE AS restorations, ttr_s, operating_s FROM md
  UNION ALL
  SELECT event_date, 'machine_shift', machine_id || '|' || shift_id, calendar_s, pot_s, planned_downtime_s, pbt_s, apt_s, asut_s, adet_s,
         down_s, adot_s, pq, gq, sq, ideal_time_s, failures, restorations, ttr_s, operating_s FROM ms
  UNION ALL
  SELECT event_date, 'factory', '*', calendar_s, pot_s, planned_downtime_s, pbt_s, apt_s, asut_s, adet_s,
         down_s, adot_s, pq, gq, sq, ideal_time_s, failures, restorations, ttr_s, operating_s FROM fd
),
kpis AS (
  SELECT event_date, 'machine' AS entity_type, machine_id AS entity, availability, performance, quality, oee, scrap_ratio, mtbf_s, mttr_s, energy_per_good_unit_kwh FROM md
  UNION ALL
  SELECT event_date, 'factory', '*', availability, performance, quality, oee, scrap_ratio, mtbf_s, mttr_s, energy_per_good_unit_kwh FROM fd
)
SELECT event_date::VARCHAR AS day, entity_type, entity, 'time.' || metric AS metric, value::DOUBLE AS value
FROM times UNPIVOT (value FOR metric IN (calendar_s, pot_s, planned_downtime_s, pbt_s, apt_s, asut_s, adet_s, down_s, adot_s, pq, gq, sq,
                                         ideal_time_s, failures, restorations, ttr_s, operating_s))
UNION ALL
SELECT event_date::VARCHAR, entity_type, entity, 'kpi.' || metric, value::DOUBLE
FROM kpis UNPIVOT INCLUDE NULLS (value FOR metric IN (availability, performance, quality, oee, scrap_ratio, mtbf_s, mttr_s, energy_per_good_unit_kwh))
