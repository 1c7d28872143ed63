/**
 * Loads side by side (src/lake/lanes.ts): loads that only insert share their table, a load that
 * must change it has it alone, a new table is made before its first load, and a table's changes
 * follow file order whatever the timing — so an ingest that runs loads side by side ends with the
 * same tables, columns in the same order, as loads one at a time would. A load told its table is
 * shared never changes it: it rolls back and says so, writing no audit row.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDirect } from '../../../src/lake/bronze/jsonl-direct.ts';
import { loadFile } from '../../../src/lake/bronze/load-file.ts';
import { scanFile } from '../../../src/lake/bronze/scan.ts';
import { ensureBronzeTable, tableColumns } from '../../../src/lake/bronze/table.ts';
import { NeedsExclusive } from '../../../src/lake/bronze/types.ts';
import { ingest } from '../../../src/lake/ingest.ts';
import { Lanes } from '../../../src/lake/lanes.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

const dir = tempDir('bronze-lanes');
let wh: Warehouse;

beforeAll(async () => {
  wh = await Warehouse.open(join(dir.path, 'warehouse.duckdb'), 'test');
}, 60_000);

afterAll(async () => {
  await wh?.close();
  dir.remove();
});

/** A promise and the function that settles it: a load that ends when the test says. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((r) => {
    open = r;
  });
  return { wait, open };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

/** DuckDB's `threads` as a connection sees it. */
const threadsOn = async (conn: DuckDBConnection) =>
  Number((await conn.runAndReadAll(`SELECT current_setting('threads') AS t`)).getRowObjectsJS()[0]?.t);

describe('lanes', () => {
  it('shares a table between loads that only insert, and gives it alone to one that changes it', async () => {
    const lanes = await Lanes.open(wh);
    const log: string[] = [];
    try {
      await ensureBronzeTable(wh.conn, 'shared_t', ['a']);
      const first = gate();
      const second = gate();
      await lanes.run(
        'shared_t',
        async () => ['a'],
        async (_c, shared) => {
          log.push(`first shared=${shared}`);
          await first.wait;
          log.push('first done');
        },
      );
      await lanes.run(
        'shared_t',
        async () => ['a'],
        async (_c, shared) => {
          log.push(`second shared=${shared}`);
          await second.wait;
          log.push('second done');
        },
      );
      // Both started before either ended: side by side.
      expect(log).toEqual(['first shared=true', 'second shared=true']);
      // A key the table lacks: the load waits for the table alone, then has it.
      const third = lanes.run(
        'shared_t',
        async () => ['a', 'b'],
        async (_c, shared) => {
          log.push(`third shared=${shared}`);
        },
      );
      await tick();
      expect(log).toHaveLength(2);
      first.open();
      await tick();
      expect(log).toEqual(['first shared=true', 'second shared=true', 'first done']);
      second.open();
      await third;
      await lanes.drain();
      expect(log.slice(3)).toEqual(['second done', 'third shared=false']);
      // The lane found the table lacking and left the change to the load.
      expect(await tableColumns(wh.conn, 'shared_t')).toEqual(['a', '_slice', '_ordinal']);
    } finally {
      await lanes.drain();
      await lanes.close();
    }
  });

  it('makes a new table before its first load, which then shares it; loads without keys have theirs alone', async () => {
    const lanes = await Lanes.open(wh);
    try {
      const seen = new Map<string, [boolean, string[]]>();
      const record = (name: string, table: string) => async (conn: DuckDBConnection, shared: boolean) => {
        seen.set(name, [shared, await tableColumns(conn, table)]);
      };
      await lanes.run('fresh_t', async () => ['x', 'y'], record('jsonl', 'fresh_t'));
      await lanes.run('other_t', null, record('csv', 'other_t'));
      // Keys that cannot be found (the careful path's file): alone.
      await lanes.run('fresh_t', async () => null, record('careful', 'fresh_t'));
      await lanes.drain();
      expect(Object.fromEntries(seen)).toEqual({
        jsonl: [true, ['x', 'y', '_slice', '_ordinal']],
        csv: [false, []],
        careful: [false, ['x', 'y', '_slice', '_ordinal']],
      });
    } finally {
      await lanes.close();
    }
  });

  it('gives the last load DuckDB’s threads when only much smaller loads run beside it', async () => {
    const original = await threadsOn(wh.conn);
    await wh.conn.run('SET threads = 3');
    const seen = new Map<string, [boolean, number]>();
    const lanes = await Lanes.open(wh);
    try {
      const small = gate();
      await lanes.run('small_t', null, () => small.wait, { bytes: 100, last: false });
      const last = lanes.run(
        'big_t',
        null,
        async (conn, _shared, alone) => {
          seen.set('after small', [alone, await threadsOn(conn)]);
        },
        { bytes: 1000, last: true },
      );
      await tick();
      // The last waits for the small one to end…
      expect(seen.size).toBe(0);
      small.open();
      await last;
      await lanes.drain();
      // …then has DuckDB's threads.
      expect(seen.get('after small')).toEqual([true, 3]);
    } finally {
      await lanes.drain();
      await lanes.close();
    }
    const beside = await Lanes.open(wh);
    try {
      const big = gate();
      await beside.run('big_t', null, () => big.wait, { bytes: 1000, last: false });
      await beside.run(
        'other_t',
        null,
        async (conn, _shared, alone) => {
          seen.set('beside big', [alone, await threadsOn(conn)]);
        },
        { bytes: 1000, last: true },
      );
      await tick();
      // Beside a big one it starts at once, on one thread like the others.
      expect(seen.get('beside big')).toEqual([false, 1]);
      big.open();
    } finally {
      await beside.drain();
      await beside.close();
      await wh.conn.run(`SET threads = ${original}`);
    }
  });

  it('gives DuckDB its threads back when the last lanes close', async () => {
    const threads = () => threadsOn(wh.conn);
    const original = await threads();
    await wh.conn.run('SET threads = 3');
    const lanes = await Lanes.open(wh);
    expect(await threads()).toBe(1);
    // Overlapping ingests: the last to close gives them back, not the first.
    const other = await Lanes.open(wh);
    await lanes.close();
    expect(await threads()).toBe(1);
    await other.close();
    expect(await threads()).toBe(3);
    await wh.conn.run(`SET threads = ${original}`);
  });
});

describe('a load told its table is shared', () => {
  it('does not change the table: it rolls back and throws NeedsExclusive, writing no audit row', async () => {
    const path = join(dir.path, 'drift.jsonl');
    writeFileSync(path, '{"a":"1"}\n{"a":"2","b":"new"}\n');
    await ensureBronzeTable(wh.conn, 'drift_t', ['a']);
    const scan = await scanFile(path);
    const file = {
      source: 't',
      absPath: path,
      relPath: 'drift.jsonl',
      table: 'drift_t',
      format: 'jsonl' as const,
      logicalDate: null,
    };
    const ctx = {
      conn: wh.conn,
      sourceDir: dir.path,
      loadId: 'x::r',
      pipeline: 'x',
      runId: 'r',
      isLate: false,
      shared: true,
    };
    const direct = await prepareDirect(wh.conn, path, scan);
    await expect(loadFile(ctx, file, scan, direct)).rejects.toBeInstanceOf(NeedsExclusive);
    expect(await tableColumns(wh.conn, 'drift_t')).toEqual(['a', '_slice', '_ordinal']);
    const left = await rows(
      wh,
      `SELECT (SELECT count(*) FROM ops.raw_load_audit WHERE source_file = 'drift.jsonl') AS audits,
              (SELECT count(*) FROM ops.bronze_slices WHERE source_file = 'drift.jsonl') AS slices,
              (SELECT count(*) FROM bronze_store.drift_t) AS stored`,
    );
    expect(left).toEqual([{ audits: '0', slices: '0', stored: '0' }]);
    // Alone, the same load adds the column and lands both lines.
    const r = await loadFile({ ...ctx, shared: false }, file, scan, direct);
    expect([r.status, r.rowsLoaded]).toEqual(['SUCCESS', 2]);
    expect(await tableColumns(wh.conn, 'drift_t')).toEqual(['a', '_slice', '_ordinal', 'b']);
  });
});

describe('an ingest whose loads run side by side', () => {
  const DAYS = ['2025-12-01', '2025-12-02', '2025-12-03', '2025-12-04', '2025-12-05', '2025-12-06'];
  /** Day i's lines: a column more every other day, so some loads share and some change the table. */
  const keysOf = (i: number) => ['machine_id', 'state', ...['k1', 'k2'].slice(0, Math.floor(i / 2))];

  it('lands every file, with the columns in the order one-at-a-time loads give them', async () => {
    const drop = join(dir.path, 'drop');
    for (const [i, d] of DAYS.entries()) {
      const day = join(drop, 'raw_data', d);
      mkdirSync(day, { recursive: true });
      const lines = Array.from({ length: 2000 + i }, (_, n) =>
        JSON.stringify(Object.fromEntries(keysOf(i).map((k) => [k, `${k}-${d}-${n + 1}`]))),
      );
      writeFileSync(join(day, 'machine_states.jsonl'), `${lines.join('\n')}\n`);
      writeFileSync(
        join(day, 'qc_checks.csv'),
        `check_id,result${i >= 3 ? ',note' : ''}\nc-${d},pass${i >= 3 ? ',n' : ''}\n`,
      );
    }
    const s = await ingest(wh, { sourceDir: drop, sourceId: 'src' });
    expect(s.failed).toBe(0);
    // Outcomes come back in file order, each with its own counts.
    expect(s.files.map((f) => [f.file.split('/').slice(-2).join('/'), f.rowsLoaded])).toEqual(
      DAYS.flatMap((d, i) => [
        [`${d}/machine_states.jsonl`, 2000 + i],
        [`${d}/qc_checks.csv`, 1],
      ]),
    );
    // Made by the first load, then k1 (day 3) and k2 (day 5) added, each by a load alone.
    expect(await tableColumns(wh.conn, 'machine_states')).toEqual([
      'machine_id',
      'state',
      '_slice',
      '_ordinal',
      'k1',
      'k2',
    ]);
    expect(await tableColumns(wh.conn, 'qc_checks')).toEqual([
      'check_id',
      'result',
      '_slice',
      '_ordinal',
      'note',
    ]);
    // Every record under its own file and number: the line says which it is.
    const wrong = await rows(
      wh,
      `SELECT count(*) AS n, count(*) FILTER (WHERE machine_id <> 'machine_id-' || _logical_date || '-' || _ordinal) AS wrong
       FROM bronze.machine_states`,
    );
    expect(wrong).toEqual([{ n: String(DAYS.reduce((a, _, i) => a + 2000 + i, 0)), wrong: '0' }]);
  });
});
