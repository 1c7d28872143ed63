-- config: materialized=table
-- CONFIGURATION, not data: the shifts of each factory, in plant-local wall-clock time.
-- No file of a drop says where one shift ends and the next begins (machine_states only show
-- off_shift time), so the shift plan lives here, one row per factory and shift. Add a factory by
-- adding rows. A shift whose end is not after its start crosses midnight (C 22:00–06:00).
-- Days and shifts are cut in plant-local time, DST-aware (int_shift_segments).
SELECT
  factory_id,
  shift_id,
  start_local,
  end_local,
  end_local <= start_local AS crosses_midnight,
  (CASE WHEN end_local <= start_local THEN 86400 ELSE 0 END
    + epoch(end_local) - epoch(start_local))::INTEGER AS nominal_duration_s
FROM (
  SELECT factory_id, shift_id, CAST(start_local AS TIME) AS start_local, CAST(end_local AS TIME) AS end_local
  FROM (VALUES
    -- factorio (seeds 000/001): operating hours 06:00–22:00 in two shifts
    ('FACTORY-ALPHA', 'A', '06:00', '14:00'),
    ('FACTORY-ALPHA', 'B', '14:00', '22:00'),
    -- widgets (seed 002)
    ('WIDGET-WORKS', 'A', '06:00', '14:00'),
    ('WIDGET-WORKS', 'B', '14:00', '22:00'),
    -- large: around the clock
    ('MEGA-WORKS', 'A', '06:00', '14:00'),
    ('MEGA-WORKS', 'B', '14:00', '22:00'),
    ('MEGA-WORKS', 'C', '22:00', '06:00')
  ) AS v(factory_id, shift_id, start_local, end_local)
)
