/** A data directory: raw_data/ (the drop), warehouse.duckdb, lake/ (published Parquet). */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATE_RE, RAW_DIR } from '../contracts/layout.ts';

export const DEFAULT_DATA_DIR = 'data';

export function dataPaths(dir = DEFAULT_DATA_DIR) {
  const root = resolve(dir);
  return {
    root,
    raw: join(root, RAW_DIR),
    warehouse: join(root, 'warehouse.duckdb'),
    lake: join(root, 'lake'),
  };
}

/** Days with a drop under raw_data/, in order. */
export function dropDays(dir: string): string[] {
  const raw = join(resolve(dir), RAW_DIR);
  if (!existsSync(raw)) return [];
  return readdirSync(raw)
    .filter((d) => DATE_RE.test(d))
    .sort();
}
