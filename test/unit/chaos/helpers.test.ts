import { describe, expect, it } from 'vitest';
import { forEachChosen, nonZeroInt } from '../../../src/sim/chaos/select.ts';
import { machineIdVariants, productNameVariants } from '../../../src/sim/chaos/spelling.ts';
import { hasOffset, naiveLocalToUtcText, shiftTimestampText } from '../../../src/sim/chaos/timestamps.ts';
import { Rng } from '../../../src/sim/random/rng.ts';
import { nearRate } from './fixtures.ts';

describe('forEachChosen', () => {
  it('chooses each item with probability p, in increasing order', () => {
    for (const p of [0.003, 0.05, 0.3, 0.9]) {
      const hits: number[] = [];
      forEachChosen(Rng.stream(1, `t${p}`), p, 100_000, (i) => hits.push(i));
      expect(nearRate(hits.length, 100_000, p)).toBe(true);
      expect(hits.every((h, k) => k === 0 || h > (hits[k - 1] as number))).toBe(true);
      expect(hits.every((h) => h >= 0 && h < 100_000)).toBe(true);
    }
  });

  it('chooses none at p = 0 and all at p = 1', () => {
    let n = 0;
    forEachChosen(Rng.stream(1, 'x'), 0, 1000, () => n++);
    expect(n).toBe(0);
    forEachChosen(Rng.stream(1, 'x'), 1, 1000, () => n++);
    expect(n).toBe(1000);
  });

  it('draws non-zero integers within ±max', () => {
    const rng = Rng.stream(3, 'nz');
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) seen.add(nonZeroInt(rng, 5));
    expect([...seen].sort((a, b) => a - b)).toEqual([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]);
  });
});

describe('spelling variants', () => {
  it('spells product names the ways the seed did, never the canonical', () => {
    const v = productNameVariants('Iron Plate');
    for (const s of [
      'iron_plate',
      'IronPlate',
      'Iron Plates',
      'IRON PLATE',
      'iron plate',
      'Iron-Plate',
      'Iron  Plate',
      'iron_plates',
    ]) {
      expect(v).toContain(s);
    }
    expect(v).not.toContain('Iron Plate');
    expect(new Set(v).size).toBe(v.length);
    expect(productNameVariants('metal_frame')).toContain('MetalFrame');
    expect(productNameVariants('metal_frame')).not.toContain('metal_frame');
    expect(productNameVariants('battery')).toContain('batteries');
  });

  it('spells machine ids the ways the seed did, never the canonical', () => {
    const v = machineIdVariants('SMELTER-01');
    for (const s of ['Smelter-1', 'SMELTER_01', 'smelter1', 'smelter-01', 'SMELTER 01', 'Smelter #1'])
      expect(v).toContain(s);
    expect(v).not.toContain('SMELTER-01');
    expect(machineIdVariants('FRAME_MACHINE_01')).toContain('Frame-Machine-1');
    expect(machineIdVariants('FRAME_MACHINE_01')).not.toContain('FRAME_MACHINE_01');
    expect(machineIdVariants('ASSEMBLY_STATION_A')).toContain('assembly_station_a');
  });

  it('resolve back with a normalizer (lower, alphanumerics only, no zero padding)', () => {
    const norm = (s: string) =>
      s
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
        .replace(/0+(\d)/g, '$1');
    for (const id of ['SMELTER-01', 'ASSEMBLER-01', 'PCB_ASSEMBLER_02', 'ASSEMBLY_STATION_A']) {
      for (const v of machineIdVariants(id)) expect(norm(v)).toBe(norm(id));
    }
  });
});

describe('timestamp text', () => {
  it('shifts the clock and keeps microseconds or offsets as written', () => {
    expect(shiftTimestampText('2025-12-01T06:25:40', 30)).toBe('2025-12-01T06:26:10');
    expect(shiftTimestampText('2025-12-01T23:59:50.123000', 15)).toBe('2025-12-02T00:00:05.123000');
    expect(shiftTimestampText('2025-12-01T06:00:00-07:00', -61)).toBe('2025-12-01T05:58:59-07:00');
    expect(shiftTimestampText('not a time', 5)).toBeNull();
  });

  it('rewrites plant-local naive text as naive UTC', () => {
    expect(naiveLocalToUtcText('2025-12-01T06:00:00', 'America/Phoenix')).toBe('2025-12-01T13:00:00');
    expect(naiveLocalToUtcText('2025-12-01T20:30:00.500000', 'America/Phoenix')).toBe(
      '2025-12-02T03:30:00.500000',
    );
    // Across a DST change the offset of that instant is used.
    expect(naiveLocalToUtcText('2025-07-01T06:00:00', 'America/New_York')).toBe('2025-07-01T10:00:00');
    expect(naiveLocalToUtcText('2025-12-01T06:00:00', 'America/New_York')).toBe('2025-12-01T11:00:00');
    expect(naiveLocalToUtcText('2025-12-01T06:00:00-07:00', 'America/Phoenix')).toBeNull();
    expect(hasOffset('2025-12-01T06:00:00Z')).toBe(true);
  });
});
