/**
 * JSON lines read straight from the file (every line starts with `{`): keys found anywhere in the
 * file become columns — a key first seen after the first 20,480 lines and before the last 256 KiB
 * too (schema drift is kept, never dropped) — and lines DuckDB cannot read (bad UTF-8, cut, two
 * objects, trailing junk) are quarantined with their exact bytes while `{}` and all-null objects,
 * which read as the same all-NULL row, are loaded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

const dir = tempDir('bronze-jsonl');
const day = join(dir.path, 'drop', 'raw_data', '2025-12-01');
const FILE = 'src/raw_data/2025-12-01/telemetry.jsonl';
const LINES = 40_000;
/** After the 20,480 sampled lines, and ~3 MB before the end (far more than the 256 KiB tail). */
const GAP_AT = 25_000;
const BROKEN = new Map<number, Buffer>([
  [7, Buffer.from('{"machine_id":"M-7","temperature_c":')],
  [21_000, Buffer.concat([Buffer.from('{"machine_id":"M-'), Buffer.from([0xb0]), Buffer.from('"}')])],
  [30_001, Buffer.from('{"machine_id":"A"}{"machine_id":"B"}')],
  [39_999, Buffer.from('{"machine_id":"M-39999"} trailing')],
]);
const EMPTY = new Map<number, string>([
  [100, '{}'],
  [26_000, '{"machine_id":null,"temperature_c":null}'],
]);
let wh: Warehouse;

beforeAll(async () => {
  mkdirSync(day, { recursive: true });
  const parts: Buffer[] = [];
  for (let n = 1; n <= LINES; n++) {
    const line =
      BROKEN.get(n) ??
      Buffer.from(
        EMPTY.get(n) ??
          JSON.stringify({
            machine_id: `M-${n}`,
            temperature_c: n / 10,
            ...(n === GAP_AT ? { firmware: 'v2' } : {}),
            pad: 'x'.repeat(60),
          }),
      );
    parts.push(line, Buffer.from(n % 3 === 0 ? '\r\n' : '\n'));
  }
  writeFileSync(join(day, 'telemetry.jsonl'), Buffer.concat(parts));
  wh = await Warehouse.open(join(dir.path, 'warehouse.duckdb'), 'test');
  await ingest(wh, { sourceDir: join(dir.path, 'drop'), sourceId: 'src' });
});

afterAll(async () => {
  await wh?.close();
  dir.remove();
});

describe('JSON lines read directly', () => {
  it('keeps a key that first appears mid-file, beyond the sampled head and tail', async () => {
    const r = await rows<{ o: string; f: string }>(
      wh,
      `SELECT _ordinal AS o, firmware AS f FROM bronze.telemetry WHERE firmware IS NOT NULL`,
    );
    expect(r).toEqual([{ o: String(GAP_AT), f: 'v2' }]);
  });

  it('quarantines exactly the unreadable lines, with their bytes, and numbers the rest by line', async () => {
    const q = await rows<{ o: string; hex: string; t: string }>(
      wh,
      `SELECT _ordinal AS o, hex(raw_bytes) AS hex, error_type AS t FROM bronze.quarantine ORDER BY _ordinal`,
    );
    expect(q.map((x) => [Number(x.o), x.hex])).toEqual(
      [...BROKEN].map(([n, b]) => [n, b.toString('hex').toUpperCase()]),
    );
    expect(q.find((x) => Number(x.o) === 21_000)?.t).toBe('INVALID_UTF8');
    const [audit] = await rows<{ r: string; l: string; q: string; s: string }>(
      wh,
      `SELECT rows_read AS r, rows_loaded AS l, rows_quarantined AS q, status AS s FROM ops.raw_load_audit WHERE source_file = '${FILE}'`,
    );
    expect(audit).toEqual({
      r: String(LINES),
      l: String(LINES - BROKEN.size),
      q: String(BROKEN.size),
      s: 'SUCCESS',
    });
    const [b] = await rows<{ n: string; bad: string }>(
      wh,
      `SELECT count(*) AS n, count(*) FILTER (WHERE machine_id IS NOT NULL AND machine_id <> 'M-' || _ordinal) AS bad
       FROM bronze.telemetry`,
    );
    expect(b).toEqual({ n: String(LINES - BROKEN.size), bad: '0' });
  });

  it('loads `{}` and all-null objects as records', async () => {
    const r = await rows<{ o: string }>(
      wh,
      `SELECT _ordinal AS o FROM bronze.telemetry WHERE machine_id IS NULL ORDER BY 1`,
    );
    expect(r.map((x) => Number(x.o))).toEqual([...EMPTY.keys()]);
  });
});
