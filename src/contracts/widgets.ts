/**
 * The widget factory's events (formats.md §2, seed 002). One JSON object per event; timestamps naive
 * ISO with microseconds in plant-local time. File drops hold them as JSON lines, one file per topic
 * per day (`raw_data/<date>/<topic>.jsonl`); the live broker carries the same objects.
 */
import { z } from 'zod';
import { naiveTimestamp } from './seed-drop.ts';

export const WIDGET_TOPICS = {
  'component-production': { partitions: 6, retentionDays: 7 },
  'widget-assembly': { partitions: 3, retentionDays: 7 },
  'quality-control': { partitions: 3, retentionDays: 7 },
  'machine-telemetry': { partitions: 12, retentionDays: 1 },
  'inventory-updates': { partitions: 6, retentionDays: 30 },
  'production-orders': { partitions: 3, retentionDays: 7 },
  'factory-alerts': { partitions: 1, retentionDays: 3 },
} as const;
export type WidgetTopic = keyof typeof WIDGET_TOPICS;
export const widgetTopicFile = (topic: WidgetTopic) => `${topic}.jsonl`;

export const COMPONENT_TYPES = [
  'metal_frame',
  'plastic_housing',
  'circuit_board',
  'battery',
  'display_screen',
  'sensor',
  'motor',
] as const;
export const WIDGET_TYPES = ['basic_widget', 'premium_widget', 'industrial_widget', 'smart_widget'] as const;

export const componentProduced = z.object({
  component_id: z.string(), // COMP_METAL_FRAME_a1b2c3d4
  component_type: z.enum(COMPONENT_TYPES),
  machine_id: z.string(),
  batch_id: z.string(),
  produced_at: naiveTimestamp,
  quality_metrics: z.object({
    weight_grams: z.number().nullable(),
    dimensions_mm: z.object({ length: z.number(), width: z.number(), height: z.number() }),
    temperature_celsius: z.number().nullable(),
    defect_count: z.number().int().min(0),
  }),
  production_line: z.string(),
});
export type ComponentProduced = z.infer<typeof componentProduced>;

export const widgetAssembled = z.object({
  widget_id: z.string(),
  widget_type: z.enum(WIDGET_TYPES),
  assembly_station_id: z.string(),
  component_ids: z.array(z.string()),
  assembly_started_at: naiveTimestamp,
  assembly_completed_at: naiveTimestamp,
  assembly_duration_seconds: z.number(),
  worker_id: z.string(),
  batch_id: z.string(), // the production order the widget was built for
});
export type WidgetAssembled = z.infer<typeof widgetAssembled>;

export const DEFECT_KINDS = [
  'electrical_failure',
  'mechanical_defect',
  'visual_defect',
  'performance_below_standard',
] as const;
export const qualityCheck = z.object({
  check_id: z.string(),
  widget_id: z.string(),
  inspector_id: z.string(),
  checked_at: naiveTimestamp,
  status: z.enum(['pass', 'fail']),
  test_results: z.object({
    electrical_test: z.boolean(),
    mechanical_test: z.boolean(),
    visual_inspection: z.boolean(),
    performance_score: z.number(),
  }),
  defects_found: z.array(z.enum(DEFECT_KINDS)),
  notes: z.string(),
});
export type QualityCheck = z.infer<typeof qualityCheck>;

export const TELEMETRY_STATUSES = ['idle', 'running', 'maintenance', 'error', 'shutdown'] as const;
export const machineTelemetry = z.object({
  machine_id: z.string(),
  machine_type: z.string(),
  timestamp: naiveTimestamp,
  status: z.enum(TELEMETRY_STATUSES),
  metrics: z.object({
    temperature_celsius: z.number().nullable(),
    vibration_level: z.number().nullable(),
    power_consumption_watts: z.number().nullable(),
    cycle_count: z.number().int(),
    efficiency_percent: z.number().nullable(),
  }),
  location: z.object({ building: z.string(), floor: z.number().int(), line: z.string() }),
});
export type MachineTelemetry = z.infer<typeof machineTelemetry>;

export const inventoryUpdate = z.object({
  update_id: z.string(),
  timestamp: naiveTimestamp,
  item: z.string(), // a component type or a widget type
  location: z.string(), // the buffer (stock point) it sits in
  change: z.number().int(),
  // returned: unused parts a failed run put back; received: deliveries of purchased stock.
  reason: z.enum(['produced', 'consumed', 'scrapped', 'shipped', 'opening', 'returned', 'received']),
  reference_id: z.string().nullable(),
  quantity_on_hand: z.number().int().nonnegative(),
});
export type InventoryUpdate = z.infer<typeof inventoryUpdate>;

export const productionOrder = z.object({
  order_id: z.string(),
  timestamp: naiveTimestamp,
  widget_type: z.enum(WIDGET_TYPES),
  quantity: z.number().int().positive(),
  priority: z.number().int().min(1).max(3),
  status: z.enum(['created', 'in_progress', 'completed']),
  quantity_completed: z.number().int().nonnegative(),
});
export type ProductionOrder = z.infer<typeof productionOrder>;

export const factoryAlert = z.object({
  alert_id: z.string(),
  timestamp: naiveTimestamp,
  severity: z.enum(['info', 'warning', 'critical']),
  kind: z.enum([
    'machine_failure',
    'machine_restored',
    'maintenance',
    'quality_failure',
    'starved',
    'blocked',
  ]),
  machine_id: z.string().nullable(),
  message: z.string(),
});
export type FactoryAlert = z.infer<typeof factoryAlert>;

export const WIDGET_TOPIC_SCHEMAS = {
  'component-production': componentProduced,
  'widget-assembly': widgetAssembled,
  'quality-control': qualityCheck,
  'machine-telemetry': machineTelemetry,
  'inventory-updates': inventoryUpdate,
  'production-orders': productionOrder,
  'factory-alerts': factoryAlert,
} as const satisfies Record<WidgetTopic, z.ZodType>;
