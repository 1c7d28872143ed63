/** The widget factory's topics (formats.md §2) as JSON-lines files, one per topic per day. */
import { WIDGET_TOPICS, type WidgetTopic, widgetTopicFile } from '../../contracts/widgets.ts';
import type { SourceReader } from '../types.ts';

export const widgetTable = (topic: string) => topic.replaceAll('-', '_');

export const widgets: SourceReader = {
  name: 'widgets',
  description: 'Widget factory events: one JSON-lines file per topic per day',
  scope: 'day',
  rules: (Object.keys(WIDGET_TOPICS) as WidgetTopic[]).map((topic) => ({
    name: widgetTopicFile(topic),
    table: widgetTable(topic),
    format: 'jsonl' as const,
    description: `${topic} events`,
  })),
};
