import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LedgerEntry, ledgerEntry } from '../../../src/contracts/ledger.ts';
import { toCsv } from '../../../src/sim/output/csv.ts';
import { ledgerBlock } from '../../../src/sim/output/ledger-block.ts';
import { metaOf, type Row, type SourceTable } from '../../../src/sim/output/table.ts';
import { compareLedger, plantLedger, writeLedger, writeTable } from '../../../src/sim/output/write.ts';

const out = mkdtempSync(join(tmpdir(), 'ironworks-write-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const DATE = '2025-12-01';

function table(format: SourceTable['format'], file: string, columns: string[], rows: Row[]): SourceTable {
  return {
    source: file.split('.')[0]!,
    file,
    format,
    columns,
    rows,
    date: DATE,
    roles: {},
    keyOf: (r) => String(r.id),
    meta: new Map(),
  };
}

const read = (file: string) => readFileSync(join(out, 'raw_data', DATE, file));

/** RFC 4180 parser for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || record.length > 0) throw new Error('last record not ended by CRLF');
  return records;
}

const sample: Row[] = [
  { id: 'A-1', note: 'Output looks good, produced ~56 units', n: 56, x: 1.25, flag: null },
  { id: 'A-2', note: 'said "fine"', n: 0, x: -0.5, flag: true },
  { id: 'A-3', note: 'two\nlines', n: 1e21, x: 0.1 + 0.2, flag: false },
  { id: 'A-4', note: '', n: 7, x: 3, flag: 'é°' },
];
const columns = ['id', 'note', 'n', 'x', 'flag'];

describe('writeTable: CSV', () => {
  it('round-trips through an RFC 4180 parser, with CRLF line ends and quotes only where needed', async () => {
    await writeTable(out, table('csv', 'rt.csv', columns, sample));
    const text = read('rt.csv').toString('utf8');
    expect(text.startsWith('id,note,n,x,flag\r\n')).toBe(true);
    expect(text).toContain('\r\nA-1,"Output looks good, produced ~56 units",56,1.25,\r\n');
    expect(text).toContain('"said ""fine"""');
    expect(text.replaceAll('\r\n', '').includes('\n')).toBe(true); // only the quoted newline
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual(columns);
    expect(records).toEqual(
      sample.map((r) =>
        columns.map((c) =>
          r[c] === null ? '' : typeof r[c] === 'number' ? JSON.stringify(r[c]) : String(r[c]),
        ),
      ),
    );
    expect(text).toBe(toCsv(columns, sample));
  });

  it('writes a 0-byte file (no header) when there are no rows', async () => {
    expect(await writeTable(out, table('csv', 'empty.csv', columns, []))).toEqual([]);
    expect(read('empty.csv').length).toBe(0);
  });

  it('writes raw text and bytes in place of broken rows and points ordinals at data lines', async () => {
    const t = table(
      'csv',
      'raw.csv',
      columns,
      sample.map((r) => ({ ...r })),
    );
    const pending = (key: string, type: LedgerEntry['type'] = 'malformed_row') => ({
      type,
      source: 'raw',
      record_key: key,
      field: null,
      clean_value: null,
      dirty_value: null,
      event_date: DATE,
    });
    metaOf(t, t.rows[1]!).raw = 'A-2,trunc';
    metaOf(t, t.rows[1]!).ledger.push(pending('A-2'));
    metaOf(t, t.rows[3]!).raw = Uint8Array.of(0x41, 0x2c, 0xb0);
    metaOf(t, t.rows[3]!).ledger.push(pending('A-4'));
    metaOf(t, t.rows[0]!).ledger.push(pending('A-1', 'duplicate_record'));
    t.ledger = [{ ...pending('raw.csv', 'schema_drift'), field: 'n' }];
    const entries = await writeTable(out, t);
    const bytes = read('raw.csv');
    const lines = bytes.toString('latin1').split('\r\n');
    expect(lines[2]).toBe('A-2,trunc');
    expect(lines[4]).toBe('A,\u00b0');
    expect(bytes.at(-3)).toBe(0xb0);
    expect(bytes.subarray(-2).toString()).toBe('\r\n');
    for (const e of entries) {
      ledgerEntry.parse(e);
      expect(e.file).toBe('raw_data/2025-12-01/raw.csv');
    }
    const at = Object.fromEntries(entries.map((e) => [e.record_key, e.ordinal]));
    expect(at).toEqual({ 'raw.csv': null, 'A-1': 1, 'A-2': 2, 'A-4': 4 }); // A-3 spans two lines: ordinals count records
  });
});

describe('writeTable: JSON', () => {
  it('pretty-prints arrays like json.dump(indent=2), keys in column order', async () => {
    const rows = [
      {
        timestamp: '2025-12-01T06:25:40',
        machine_id: 'SMELTER-01',
        temperature: 1250.5,
        nested: { a: [1, 2], b: {} },
      },
      { machine_id: 'SMELTER-02', timestamp: '2025-12-01T06:26:00', temperature: null, nested: [] },
    ];
    await writeTable(
      out,
      table('json-array', 's.json', ['machine_id', 'timestamp', 'temperature', 'nested'], rows),
    );
    expect(read('s.json').toString()).toBe(
      [
        '[',
        '  {',
        '    "machine_id": "SMELTER-01",',
        '    "timestamp": "2025-12-01T06:25:40",',
        '    "temperature": 1250.5,',
        '    "nested": {',
        '      "a": [',
        '        1,',
        '        2',
        '      ],',
        '      "b": {}',
        '    }',
        '  },',
        '  {',
        '    "machine_id": "SMELTER-02",',
        '    "timestamp": "2025-12-01T06:26:00",',
        '    "temperature": null,',
        '    "nested": []',
        '  }',
        ']',
      ].join('\n'),
    );
    await writeTable(out, table('json-array', 'e.json', ['a'], []));
    expect(read('e.json').toString()).toBe('[]');
  });

  it('writes JSON lines exactly as JSON.stringify would, with LF ends and line ordinals', async () => {
    const rows: Row[] = [
      {
        id: 'x',
        s: 'tab\there "q" \\ \u0001 \ud800 é',
        n: -0,
        big: 1e-7,
        o: { deep: [1, 'two', null] },
        u: undefined,
      },
      { u: 1, id: 'y', s: '', n: Number.NaN, big: 2 ** 70, o: null },
    ];
    const cols = ['id', 's', 'n', 'big', 'o', 'u'];
    const t = table('jsonl', 'l.jsonl', cols, rows);
    metaOf(t, rows[1]!).ledger.push({
      type: 'sensor_null',
      source: 'l',
      record_key: 'y',
      field: 's',
      clean_value: 'a',
      dirty_value: '',
      event_date: DATE,
    });
    const entries = await writeTable(out, t);
    const lines = read('l.jsonl').toString().split('\n');
    expect(lines.at(-1)).toBe('');
    rows.forEach((r, i) => {
      const ordered = Object.fromEntries(cols.map((c) => [c, r[c]]));
      expect(lines[i]).toBe(JSON.stringify(ordered));
    });
    expect(entries[0]?.ordinal).toBe(2);
    expect(JSON.parse(lines[1]!).id).toBe('y');
  });
});

describe('writeLedger', () => {
  const e = (
    file: string,
    ordinal: number | null,
    type: LedgerEntry['type'],
    field: string | null,
  ): LedgerEntry => ({
    type,
    source: 's',
    file,
    record_key: `${file}:${ordinal}`,
    ordinal,
    field,
    clean_value: 1,
    dirty_value: null,
    event_date: DATE,
  });

  /** An entry about no file (the plant's), which sorts first. */
  const degradation = plantLedger([
    {
      type: 'degradation',
      source: 'plant',
      record_key: 'M',
      field: 'efficiency',
      clean_value: 1,
      dirty_value: 0.9,
      event_date: DATE,
    },
  ]);

  it('writes sorted compact lines with keys in ledger order', async () => {
    const entries = [
      e('raw_data/b.csv', 2, 'outlier', 'x'),
      e('raw_data/a.csv', 10, 'sensor_null', 'y'),
      e('raw_data/a.csv', 2, 'sensor_null', 'y'),
      e('raw_data/a.csv', 2, 'outlier', 'z'),
      e('raw_data/a.csv', 2, 'outlier', null),
      e('raw_data/a.csv', null, 'schema_drift', 'f'),
      ...degradation,
    ];
    await writeLedger(out, DATE, entries);
    const lines = readFileSync(join(out, 'chaos', DATE, 'ledger.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const parsed = lines.map((l) => JSON.parse(l) as LedgerEntry);
    expect(parsed.map((p) => [p.file, p.ordinal, p.type, p.field])).toEqual([
      ['plant', null, 'degradation', 'efficiency'],
      ['raw_data/a.csv', null, 'schema_drift', 'f'],
      ['raw_data/a.csv', 2, 'outlier', null],
      ['raw_data/a.csv', 2, 'outlier', 'z'],
      ['raw_data/a.csv', 2, 'sensor_null', 'y'],
      ['raw_data/a.csv', 10, 'sensor_null', 'y'],
      ['raw_data/b.csv', 2, 'outlier', 'x'],
    ]);
    expect(Object.keys(parsed[0]!)).toEqual(Object.keys(ledgerEntry.shape));
    expect([...entries].sort(compareLedger)).toEqual(parsed);
  });

  it('writes an empty file when nothing was injected, and leaves no temporary files', async () => {
    await writeLedger(out, '2025-12-02', []);
    expect(readFileSync(join(out, 'chaos', '2025-12-02', 'ledger.jsonl')).length).toBe(0);
    expect(readdirSync(join(out, 'raw_data', DATE)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it("puts a file's encoded block where its lines sort, byte for byte as if written as entries", async () => {
    // What a telemetry worker sends: one file's entries, already encoded; the file sorts between
    // the main thread's files, so the block goes in the middle. Quotes and non-ASCII take the text path.
    const mine = [
      e('raw_data/c.csv', 1, 'outlier', 'x'),
      e('raw_data/a.csv', 3, 'sensor_null', 'y'),
      ...degradation,
    ];
    const theirs: LedgerEntry[] = [];
    for (let i = 60_000; i > 0; i--) {
      const x = e('raw_data/b.jsonl', i, i % 7 === 0 ? 'malformed_row' : 'outlier', 'v');
      theirs.push(i % 7 === 0 ? { ...x, dirty_value: `{"v": "Ünïcode ${i}"` } : x);
    }
    await writeLedger(out, '2025-12-03', [...mine, ...theirs]);
    const whole = readFileSync(join(out, 'chaos', '2025-12-03', 'ledger.jsonl'));
    const block = ledgerBlock('raw_data/b.jsonl', theirs);
    expect(block.chunks.length).toBeGreaterThan(1); // more than one 4 MiB chunk: the seams are covered
    await writeLedger(out, '2025-12-04', mine, [block]);
    expect(readFileSync(join(out, 'chaos', '2025-12-04', 'ledger.jsonl')).equals(whole)).toBe(true);
  });

  it('refuses a block whose file also has entries, or an entry of another file in a block', async () => {
    const x = e('raw_data/b.jsonl', 1, 'outlier', 'v');
    expect(() => ledgerBlock('raw_data/a.csv', [x])).toThrow(
      /block for raw_data\/a.csv got an entry for raw_data\/b.jsonl/,
    );
    await expect(writeLedger(out, '2025-12-05', [x], [ledgerBlock('raw_data/b.jsonl', [x])])).rejects.toThrow(
      /both as entries and as a block/,
    );
  });
});
