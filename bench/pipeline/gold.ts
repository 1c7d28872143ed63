/** Gold's content per table, to say whether an incremental build gave what a full build gives. */
import type { Warehouse } from '../../src/lake/warehouse.ts';

/**
 * Per gold table: row count and an order-independent hash of its rows, floating-point columns
 * taken to 9 significant digits (a parallel SUM of doubles differs in its last bits from run to
 * run, so two full builds of the same data are not bit-identical either).
 */
export async function goldFingerprint(wh: Warehouse): Promise<Map<string, string>> {
  const cols = await wh.query<{ t: string; c: string; type: string }>(
    `SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns
     WHERE table_schema = 'gold' ORDER BY table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { t, c, type } of cols) {
    const q = `"${c.replaceAll('"', '""')}"`;
    const expr = /^(DOUBLE|FLOAT|REAL)$/.test(type) ? `printf('%.9g', ${q})` : q;
    byTable.set(t, [...(byTable.get(t) ?? []), expr]);
  }
  const out = new Map<string, string>();
  for (const [t, exprs] of byTable) {
    const [r] = await wh.query<{ n: unknown; h: unknown }>(
      `SELECT count(*) AS n, coalesce(sum(hash(row(${exprs.join(', ')}))::HUGEINT), 0)::VARCHAR AS h FROM gold."${t}"`,
    );
    out.set(t, `${r?.n}:${r?.h}`);
  }
  return out;
}
