/**
 * Record numbers on a JSON-lines file big enough to span several of DuckDB's read buffers and
 * 122,880-row groups (~60 MB, 320,000 lines), read the direct way: read_json numbered by line
 * straight into bronze, the lines it cannot read judged from their bytes. Unreadable lines are
 * sprinkled in, some on both sides of row-group boundaries, and the last line is one. Every loaded
 * row's `_ordinal` must be its line number (the line says which it is), every unreadable line
 * quarantined under its own number, nothing temporary left behind — also after a load that fails
 * midway and is rolled back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirect, prepareDirect } from '../../../src/lake/bronze/jsonl-direct.ts';
import { loadFile } from '../../../src/lake/bronze/load-file.ts';
import { scanFile } from '../../../src/lake/bronze/scan.ts';
import { ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

const dir = tempDir('bronze-ordinals');
const day = join(dir.path, 'drop', 'raw_data', '2025-12-01');
const path = join(day, 'telemetry.jsonl');
const LINES = 320_000;
const GROUP = 122_880;
const bad = (s: string) => Buffer.from(s);
const BROKEN = new Map<number, Buffer>([
  [2, bad('{"n":2,"machine_id":')],
  [GROUP, bad('{"n":122880} trailing')],
  [GROUP + 1, Buffer.concat([bad('{"n":122881,"machine_id":"M-'), Buffer.from([0xc3, 0x28]), bad('"}')])],
  [150_001, bad('{"n":150001,"a":1}{"n":1}')],
  [2 * GROUP + 1, bad('{"n":245761,"machine_id":"cut')],
  [LINES, bad('{"n":320000,')],
]);
/** Readable lines with nothing in them: loaded, all NULL, under their own numbers. */
const EMPTY = [GROUP - 1, 200_000, 2 * GROUP];
const sql = (s: string) => rows<Record<string, string>>(wh, s);
let wh: Warehouse;

function writeFile(): void {
  mkdirSync(day, { recursive: true });
  const pad = 'x'.repeat(130);
  const parts: Buffer[] = [];
  for (let n = 1; n <= LINES; n++) {
    const line =
      BROKEN.get(n) ??
      bad(EMPTY.includes(n) ? '{}' : `{"n":${n},"machine_id":"M-${n % 97}","ts":"t${n}","pad":"${pad}"}`);
    parts.push(line, bad(n === LINES ? '' : '\n'));
  }
  writeFileSync(path, Buffer.concat(parts));
}

beforeAll(async () => {
  writeFile();
  wh = await Warehouse.open(join(dir.path, 'warehouse.duckdb'), 'test');
}, 60_000);

afterAll(async () => {
  await wh?.close();
  dir.remove();
});

describe('record numbers of a file read in parallel', () => {
  it('the direct way vouches for the file itself (no fallback to the careful way)', async () => {
    const scan = await scanFile(path);
    {
      const p = await prepareDirect(wh.conn, path, scan);
      if ('error' in p) throw new Error(`no keys: ${p.error}`);
      expect(p.keys).toEqual(['n', 'machine_id', 'ts', 'pad']);
      await wh.conn.run('BEGIN TRANSACTION');
      try {
        const file = {
          source: 't',
          absPath: path,
          relPath: 'x',
          table: 'probe',
          format: 'jsonl' as const,
          logicalDate: null,
        };
        const r = await loadDirect({ conn: wh.conn, file, scan, loadId: 'probe', slice: 1 }, p.keys);
        expect(r.quarantined.map((q) => q.ordinal)).toEqual([...BROKEN.keys()]);
        expect(r.rowsLoaded).toBe(LINES - BROKEN.size);
      } finally {
        await wh.conn.run('ROLLBACK');
      }
    }
  });

  it('numbers every loaded record by its line and quarantines the unreadable ones under theirs', async () => {
    const s = await ingest(wh, { sourceDir: join(dir.path, 'drop'), sourceId: 'src' });
    expect(s.files.map((f) => [f.action, f.rowsRead, f.rowsLoaded, f.rowsQuarantined])).toEqual([
      ['new', LINES, LINES - BROKEN.size, BROKEN.size],
    ]);
    const [b] = await sql(
      `SELECT count(*) AS rows, count(DISTINCT _ordinal) AS ords, min(_ordinal) AS lo, max(_ordinal) AS hi,
              count(*) FILTER (WHERE n IS NOT NULL AND n::BIGINT <> _ordinal) AS wrong,
              count(*) FILTER (WHERE n IS NOT NULL AND ts <> 't' || _ordinal) AS wrong_ts
       FROM bronze.telemetry`,
    );
    expect(b).toEqual({
      rows: String(LINES - BROKEN.size),
      ords: String(LINES - BROKEN.size),
      lo: '1',
      hi: String(LINES - 1),
      wrong: '0',
      wrong_ts: '0',
    });
    const empty = await sql(`SELECT _ordinal AS o FROM bronze.telemetry WHERE n IS NULL ORDER BY 1`);
    expect(empty.map((r) => Number(r.o))).toEqual(EMPTY);
    const q = await sql(`SELECT _ordinal AS o, hex(raw_bytes) AS hex FROM bronze.quarantine ORDER BY 1`);
    expect(q.map((r) => [Number(r.o), r.hex])).toEqual(
      [...BROKEN].map(([n, bytes]) => [n, bytes.toString('hex').toUpperCase()]),
    );
  });

  it('leaves nothing temporary, also when a load fails midway and rolls back', async () => {
    writeFileSync(join(day, 'machine_states.jsonl'), '{"machine_id":"M-1","state":"idle"}\n');
    process.env.IRONWORKS_FAULTS = 'bronze.after_insert:machine_states.jsonl';
    try {
      const s = await ingest(wh, { sourceDir: join(dir.path, 'drop'), sourceId: 'src' });
      expect(s.files.map((f) => [f.file.split('/').pop(), f.action])).toEqual([
        ['machine_states.jsonl', 'failed'],
        ['telemetry.jsonl', 'unchanged'],
      ]);
    } finally {
      delete process.env.IRONWORKS_FAULTS;
    }
    // Its table was made before its first load (so that loads of it can run side by side): it stays,
    // empty, and nothing of the failed load is left.
    expect(
      await sql(
        `SELECT (SELECT count(*) FROM bronze_store.machine_states) AS stored,
                (SELECT count(*) FROM ops.bronze_slices WHERE target_table = 'machine_states') AS slices`,
      ),
    ).toEqual([{ stored: '0', slices: '0' }]);
    expect(await sql(`SELECT table_name AS t FROM duckdb_tables() WHERE temporary`)).toEqual([]);
  });

  it('finds the keys on the load’s own connection when nothing was prepared ahead, and leaves nothing temporary', async () => {
    const small = join(dir.path, 'alone.jsonl');
    writeFileSync(small, '{"n":1}\n{"n":2,\n{"n":3}\n');
    const scan = await scanFile(small);
    const file = {
      source: 't',
      absPath: small,
      relPath: 'alone.jsonl',
      table: 'alone',
      format: 'jsonl' as const,
      logicalDate: null,
    };
    const ctx = {
      conn: wh.conn,
      sourceDir: dir.path,
      loadId: 'l',
      pipeline: 'test',
      runId: 'r',
      isLate: false,
    };
    const r = await loadFile(ctx, file, scan);
    expect([r.status, r.rowsRead, r.rowsLoaded, r.rowsQuarantined]).toEqual(['SUCCESS', 3, 2, 1]);
    const loaded = await sql(`SELECT _ordinal AS o, n FROM bronze.alone ORDER BY 1`);
    expect(loaded).toEqual([
      { o: '1', n: '1' },
      { o: '3', n: '3' },
    ]);
    expect(await sql(`SELECT table_name AS t FROM duckdb_tables() WHERE temporary`)).toEqual([]);
  });
});
