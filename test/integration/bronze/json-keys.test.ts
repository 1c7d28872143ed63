/**
 * The columns of a JSON-lines file: every key of the whole file, in first-seen order — the head's
 * and tail's keys as they come, then keys found only between them by where they first appear.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import { jsonlKeys, sampleKeys } from '../../../src/lake/bronze/json-keys.ts';
import { tempDir } from '../../helpers/tmp.ts';

const dir = tempDir('json-keys');
afterAll(() => dir.remove());

async function keysOf(lines: string[]): Promise<{ keys: string[]; fullHead: string[] }> {
  const file = join(dir.path, `f${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const size = statSync(file).size;
    const sample = sampleKeys(file, size);
    return { keys: await jsonlKeys(conn, file, sample), fullHead: sample };
  } finally {
    conn.closeSync();
  }
}

it('takes the order of the first line when it already holds every key', async () => {
  const lines = Array.from({ length: 30_000 }, (_, i) =>
    i % 2 ? `{"a":${i},"b":"x","c":null}` : `{"c":1,"b":"y","a":${i}}`,
  );
  const r = await keysOf(lines);
  expect(r.keys).toEqual(['c', 'b', 'a']);
  expect(r.keys).toEqual(r.fullHead);
});

it('keeps head keys in first-seen order, then the tail’s, then keys only the middle holds by position', async () => {
  const lines = Array.from({ length: 60_000 }, (_, i) => `{"b":${i},"a":${i}}`);
  lines[5] = '{"b":1,"c":2,"a":3}';
  lines[40_000] = '{"mid2":1,"b":2}';
  lines[30_000] = '{"mid1":1,"b":2}';
  lines[59_999] = '{"tail":1}';
  const r = await keysOf(lines);
  expect(r.keys).toEqual(['b', 'a', 'c', 'tail', 'mid1', 'mid2']);
  expect(r.keys.slice(0, 4)).toEqual(r.fullHead);
});
