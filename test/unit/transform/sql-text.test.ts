import { describe, expect, it } from 'vitest';
import { blankOut, findRefs, headerConfig } from '../../../src/transform/sql-text.ts';

describe('reading model SQL', () => {
  it('finds schema-qualified references, once each, ignoring comments and strings', () => {
    const sql = `-- reads silver.not_this
      SELECT * FROM silver.stg_a a JOIN "gold"."dim_b" b ON true /* gold.nope */
      WHERE x = 'bronze.nor_this' AND y IN (SELECT 1 FROM bronze.raw_c_current) UNION SELECT * FROM SILVER.stg_a`;
    expect(findRefs(sql)).toEqual([
      { schema: 'silver', name: 'stg_a' },
      { schema: 'gold', name: 'dim_b' },
      { schema: 'bronze', name: 'raw_c_current' },
    ]);
  });

  it('keeps offsets when blanking, and handles doubled quotes', () => {
    const sql = "SELECT 'it''s silver.x' AS t -- c\nFROM gold.y";
    const out = blankOut(sql);
    expect(out.length).toBe(sql.length);
    expect(out).not.toContain('silver.x');
    expect(out).toContain('gold.y');
  });

  it('reads config from header comments only', () => {
    const sql =
      '-- a model\n-- config: materialized=incremental; partition_by=event_date\n-- config: lookback_days=3\nSELECT 1\n-- config: schema=nope';
    expect(headerConfig(sql)).toEqual({
      materialized: 'incremental',
      partition_by: 'event_date',
      lookback_days: '3',
    });
  });
});
