import { describe, expect, it } from 'vitest';
import { movedRecords } from '../../../src/quality/chaos-score.ts';

const rows = (ts: (number | string)[]) =>
  ts.map((t, i) => ({
    ordinal: i + 1,
    t: typeof t === 'number' ? t : Number(t.slice(0, -1)),
    late: typeof t === 'string',
  }));

describe('finding records moved out of time order', () => {
  it('finds nothing in a sorted file, ties included', () => {
    expect(movedRecords(rows([1, 2, 2, 3, 5]))).toEqual([]);
  });

  it('names the moved record, not its neighbours, even when two moved records meet', () => {
    expect(movedRecords(rows([1, 9, 2, 3, 4]))).toEqual([2]);
    expect(movedRecords(rows([1, 6, 2, 9, 3, 4, 5]))).toEqual([2, 4]);
  });

  it('lets late records trail the file, and names a late one moved before records that stayed', () => {
    expect(movedRecords(rows([5, 6, 7, '1L', '2L']))).toEqual([]);
    expect(movedRecords(rows(['1L', 5, 6, 7]))).toEqual([1]);
    // An on-time record moved into the late block does not make the late ones look moved.
    expect(movedRecords(rows([5, 6, 7, 8, '1L', 2]))).toEqual([6]);
  });
});
