/**
 * The stream's bronze writer on batches with nothing readable, and with events of two drop files:
 * each drop file gets its own slice, and a batch of only broken events lands none and quarantines
 * all, in one transaction with its offset.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { type BatchTarget, BronzeWriter, type StreamRecord } from '../../../src/stream/bronze-writer.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { rows } from '../../helpers/warehouse.ts';

const dir = tempDir('stream-writer');
let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open(join(dir.path, 'wh.duckdb'), 'test');
});
afterAll(async () => {
  await wh?.close();
  dir.remove();
});

const target: BatchTarget = {
  stream: 'TEST',
  consumer: 'c',
  table: 'events',
  format: 'jsonl',
  eventTime: null,
  streamCreated: '2025-12-01T00:00:00Z',
};
const enc = new TextEncoder();
const rec = (seq: number, payload: string, source: string, day: string): StreamRecord => ({
  seq,
  subject: 'ironworks.events.F.M1',
  payload: enc.encode(payload),
  source,
  ordinal: seq,
  dropDate: day,
  publishedMs: Date.parse(`${day}T12:00:00Z`),
});

it('quarantines a batch of only broken events and lands nothing, without failing', async () => {
  const w = new BronzeWriter(wh.conn);
  const r = await w.commit(target, [
    rec(1, '{"a":', 'F/raw_data/2025-12-01/e.jsonl', '2025-12-01'),
    rec(2, '[1]', 'F/raw_data/2025-12-01/e.jsonl', '2025-12-01'),
  ]);
  expect(r).toEqual({ read: 2, loaded: 0, quarantined: 2, lastSeq: 2 });
  expect(await rows(wh, `SELECT count(*)::INT AS n FROM ops.bronze_slices`)).toEqual([{ n: 0 }]);
});

it('gives each drop file of a batch its own slice, with the file and day its rows show', async () => {
  const w = new BronzeWriter(wh.conn);
  const r = await w.commit(target, [
    rec(3, '{"a":"x"}', 'F/raw_data/2025-12-01/e.jsonl', '2025-12-01'),
    rec(4, '{"a":"y"}', 'F/raw_data/2025-12-02/e.jsonl', '2025-12-02'),
    rec(5, '{"a":"z"}', 'F/raw_data/2025-12-02/e.jsonl', '2025-12-02'),
  ]);
  expect(r.loaded).toBe(3);
  expect(
    await rows(
      wh,
      `SELECT a, _load_id, _source_file, _ordinal::INT AS o, _logical_date::VARCHAR AS d, _file_sha256 AS h FROM bronze.events ORDER BY o`,
    ),
  ).toEqual([
    {
      a: 'x',
      _load_id: 'stream::TEST',
      _source_file: 'F/raw_data/2025-12-01/e.jsonl',
      o: 3,
      d: '2025-12-01',
      h: null,
    },
    {
      a: 'y',
      _load_id: 'stream::TEST',
      _source_file: 'F/raw_data/2025-12-02/e.jsonl',
      o: 4,
      d: '2025-12-02',
      h: null,
    },
    {
      a: 'z',
      _load_id: 'stream::TEST',
      _source_file: 'F/raw_data/2025-12-02/e.jsonl',
      o: 5,
      d: '2025-12-02',
      h: null,
    },
  ]);
  expect(await rows(wh, `SELECT count(*)::INT AS n FROM ops.bronze_slices`)).toEqual([{ n: 2 }]);
});
