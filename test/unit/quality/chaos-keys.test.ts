/**
 * How findings and ledger entries are matched: by position where only a position names a record, by
 * the record's id where identical copies make the position arbitrary.
 */
import { describe, expect, it } from 'vitest';
import { keyOf } from '../../../src/quality/chaos-score.ts';

const components = 'W/raw_data/2025-12-13/component-production.jsonl';
const telemetry = 'W/raw_data/2025-12-13/machine-telemetry.jsonl';

describe('keyOf', () => {
  it('matches damage on a topic record with an id by id and field, whichever copy silver kept', () => {
    // The ledger names the original (moved to record 1254); silver kept its identical copy at 287.
    const injected = keyOf('unit_change', components, 1254, 'quality_metrics.temperature_celsius', 'COMP_1');
    const found = keyOf('unit_change', components, 287, 'quality_metrics.temperature_celsius', 'COMP_1');
    expect(found).toBe(injected);
    expect(keyOf('sensor_null', components, 287, 'quality_metrics.weight_grams', 'COMP_1')).not.toBe(
      keyOf('sensor_null', components, 287, 'quality_metrics.temperature_celsius', 'COMP_1'),
    );
  });

  it('keeps positions for what only a position names, and for topics without a record id', () => {
    expect(keyOf('out_of_order', components, 12, null, 'COMP_1')).not.toBe(
      keyOf('out_of_order', components, 13, null, 'COMP_1'),
    );
    expect(keyOf('malformed_row', components, 12, null, 'COMP_1')).toBe(`${components}#12`);
    expect(keyOf('unit_change', telemetry, 5, 'metrics.temperature_celsius', 'M@t')).toBe(
      keyOf('unit_change', telemetry, 5, 'metrics.temperature_celsius', null),
    );
  });

  it('matches duplicates by record key and batch spellings by batch id', () => {
    expect(keyOf('duplicate_record', components, 3, null, 'COMP_9')).toBe(`${components}#COMP_9`);
    const batches = 'F/raw_data/2025-12-01/production_batches.csv';
    expect(keyOf('product_name_spelling', batches, 4, 'product_name', 'B-1')).toBe(
      keyOf('product_name_spelling', batches, 9, 'product_name', 'B-1'),
    );
  });
});
