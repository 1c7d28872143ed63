-- Whether a factory (or any, $factory NULL) has widget-plant data at all: components or assemblies
-- on any day. Tells "no data for this plant" (a seed-format plant) from "no data for these days".
SELECT
  EXISTS (SELECT 1 FROM gold.fct_component WHERE $factory IS NULL OR factory_id = $factory)
  OR EXISTS (SELECT 1 FROM gold.fct_widget_assembly WHERE $factory IS NULL OR factory_id = $factory)
  AS has_widgets
