import { describe, expect, it } from 'vitest';
import { JsonLineEncoder } from '../../../src/sim/output/json.ts';
import { JsonLineByteEncoder } from '../../../src/sim/output/json-bytes.ts';
import type { Row } from '../../../src/sim/output/table.ts';
import { Rng } from '../../../src/sim/random/rng.ts';

const COLUMNS = ['machine_id', 'timestamp', 'state', 'temperature_c', 'energy_kwh', 'note'];

/**
 * Encodes rows with the byte encoder into buffers of `size` bytes (a fresh one whenever the next
 * row might not fit, alternating between two like the writer), falling back to the text encoder
 * for declined rows, and returns the bytes.
 */
function encodeAll(rows: Row[], columns = COLUMNS, size = 1 << 16): Buffer {
  const bytes = new JsonLineByteEncoder(columns, '\n');
  const text = new JsonLineEncoder(columns, '\n');
  const buffers = [Buffer.alloc(size), Buffer.alloc(size)];
  const parts: Buffer[] = [];
  let which = 0;
  let buf = buffers[0] as Buffer;
  let off = 0;
  const flush = () => {
    parts.push(Buffer.from(buf.subarray(0, off)));
    which ^= 1;
    buf = buffers[which] as Buffer;
    off = 0;
  };
  for (const row of rows) {
    if (off + bytes.maxBytes > buf.length) flush();
    const end = bytes.encodeInto(row, buf, off);
    if (end >= 0) off = end;
    else {
      flush();
      parts.push(Buffer.from(text.encode(row)));
    }
  }
  flush();
  return Buffer.concat(parts);
}

/** What JSON.stringify writes for each row, keys in column order (undefined keys left out). */
function expected(rows: Row[], columns = COLUMNS): Buffer {
  let out = '';
  for (const row of rows) {
    const ordered: Row = {};
    for (const c of columns) ordered[c] = row[c];
    out += `${JSON.stringify(ordered)}\n`;
  }
  return Buffer.from(out);
}

describe('JsonLineByteEncoder', () => {
  it('writes the bytes JSON.stringify gives for random rows full of repeats', () => {
    const rng = new Rng(7, 'json-bytes');
    const machines = ['SMELTER-001', 'SMELTER-002', 'Smelter #3', 'smelter_004'];
    const states = ['producing', 'idle', 'failed', 'off_shift'];
    const rows: Row[] = [];
    for (let i = 0; i < 40_000; i++) {
      const machine = machines[Math.floor(i / 500) % machines.length] as string;
      rows.push({
        machine_id: rng.chance(0.05) ? rng.pick(machines) : machine,
        timestamp: `2025-12-01T${String(Math.floor(i / 360) % 24).padStart(2, '0')}:${String(Math.floor(i / 6) % 60).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}-06:00`,
        state: states[Math.floor(i / 37) % states.length],
        temperature_c: rng.chance(0.01) ? null : Math.round(rng.uniform(-50, 1500) * 100) / 100,
        energy_kwh: rng.chance(0.3) ? 0 : Math.round(rng.uniform(0, 2) * 1000) / 1000,
        note: rng.chance(0.5) ? 'ok' : rng.chance(0.5) ? true : 3,
      });
    }
    expect(encodeAll(rows).equals(expected(rows))).toBe(true);
  });

  it('gets edge numbers right, cached or not', () => {
    const values = [
      0,
      -0,
      1,
      -1,
      999,
      1000,
      123456789,
      2 ** 31,
      2 ** 53,
      1e15,
      1e21,
      1e-7,
      0.1 + 0.2,
      -0.05,
      1234.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      5e-324,
      -123.456,
    ];
    const rows: Row[] = [];
    // Each value three times in a row and again later, so the number cache serves most of them.
    for (let rep = 0; rep < 3; rep++) {
      for (const v of values) for (let k = 0; k < 3; k++) rows.push({ temperature_c: v, energy_kwh: -v });
    }
    const columns = ['temperature_c', 'energy_kwh'];
    expect(encodeAll(rows, columns).toString()).toBe(expected(rows, columns).toString());
  });

  it('never serves a different number that shares a cache slot', () => {
    // Thousands of distinct values through a 2^14-slot cache: collisions are certain.
    const rows: Row[] = [];
    for (let i = 0; i < 50_000; i++)
      rows.push({ temperature_c: (i % 7919) / 100 + 0.001, energy_kwh: i / 8 });
    const columns = ['temperature_c', 'energy_kwh'];
    expect(encodeAll(rows, columns).equals(expected(rows, columns))).toBe(true);
  });

  it('declines what only the text encoder may write, after a cached string as well', () => {
    const rows: Row[] = [
      { machine_id: 'M1', timestamp: 't', state: 'a', temperature_c: 1, energy_kwh: 2, note: 'x' },
      { machine_id: 'M1', timestamp: 't', state: 'a', temperature_c: 1, energy_kwh: 2, note: 'x' },
      { machine_id: 'M1', timestamp: 't', state: 'a', temperature_c: 1, energy_kwh: 2, note: 'say "hi"' },
      { machine_id: 'M1', timestamp: 't', state: 'a', temperature_c: 1, energy_kwh: 2, note: 'café' },
      { machine_id: 'M1', timestamp: 't', state: 'a', temperature_c: 1, energy_kwh: 2, note: 'back\\slash' },
      { machine_id: 'M1', timestamp: 't', state: 'a', temperature_c: 1, energy_kwh: 2, note: { a: 1 } },
      {
        machine_id: 'M1',
        timestamp: 't',
        state: 'a',
        temperature_c: 1,
        energy_kwh: 2,
        note: 'x'.repeat(300),
      },
      { machine_id: 'M1', timestamp: 't', state: 'a', temperature_c: 1, note: 'no energy key' },
      { machine_id: 'M1', timestamp: 't', state: 'a', temperature_c: 1, energy_kwh: 2, note: 'x' },
    ];
    const enc = new JsonLineByteEncoder(COLUMNS, '\n');
    const buf = Buffer.alloc(enc.maxBytes * 2);
    const declined = rows.map((r) => enc.encodeInto(r, buf, 0) < 0);
    expect(declined).toEqual([false, false, true, true, true, true, true, true, false]);
    expect(encodeAll(rows).toString()).toBe(expected(rows).toString());
  });

  it('writes nothing but the row inside [off, end) that is read back', () => {
    const enc = new JsonLineByteEncoder(['a', 'b'], '\n');
    const buf = Buffer.alloc(enc.maxBytes + 10, 0x2a);
    const end = enc.encodeInto({ a: 'xy', b: 1.5 }, buf, 3);
    expect(buf.subarray(3, end).toString()).toBe('{"a":"xy","b":1.5}\n');
    expect(buf.subarray(0, 3).toString()).toBe('***');
    expect(end + 16).toBeLessThanOrEqual(3 + enc.maxBytes);
  });
});
