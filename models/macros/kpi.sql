-- The ISO 22400 KPIs of summed time elements and counts (kpis.md), defined once for every grain the
-- OEE marts have (machine × shift, machine × day, factory × day): each is divided once, from sums,
-- never averaged, and NULL when its divisor is 0. Used as `unnest(silver.oee_kpis(…))`, which adds
-- the fields as columns in this order.
CREATE OR REPLACE MACRO silver.oee_kpis(pbt_s, apt_s, ideal_time_s, pq, gq, sq, operating_s, failures, ttr_s,
                                         restorations, energy_kwh) AS
  struct_pack(
    availability := apt_s / nullif(pbt_s, 0),
    performance := ideal_time_s / nullif(apt_s, 0),
    quality := gq / nullif(pq, 0),
    oee := (apt_s / nullif(pbt_s, 0)) * (ideal_time_s / nullif(apt_s, 0)) * (gq / nullif(pq, 0)),
    scrap_ratio := sq / nullif(pq, 0),
    mtbf_s := operating_s / nullif(failures, 0),
    mttr_s := ttr_s / nullif(restorations, 0),
    energy_per_good_unit_kwh := energy_kwh::DOUBLE / nullif(gq, 0),
    performance_above_100 := ideal_time_s > apt_s AND apt_s > 0
  );
