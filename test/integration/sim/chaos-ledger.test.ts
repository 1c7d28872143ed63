/**
 * Done-when 5, the ledger: it says what the files hold, on the two factorio runs of chaos-cases.ts
 * (default and boosted chaos).
 * - every entry points at a file that exists and a record in it; what the file holds at that
 *   record is what the entry says (late rows really are in the later drop, malformed lines really
 *   are broken as described, duplicates really are copies);
 * - undoing every entry turns the dirty drop back into the clean one (the chaos-off twin run).
 * (The rates it injects at: chaos-rates.test.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../src/contracts/ledger.ts';
import { type Case, registerChaosCases } from './chaos-cases.ts';
import {
  CHAOS_SOURCES,
  cleanValues,
  csvText,
  type DataFile,
  dayIndex,
  entriesOf,
  keyOf,
  loadDrop,
  type Rec,
  readDataFile,
  SEED_COLUMNS,
  SOURCE_FILE,
  undoDrift,
  VALUE_TYPES,
  type Values,
} from './chaos-drop.ts';
import { isValidUtf8, parseCsv, recordCount } from './helpers.ts';

const cases = registerChaosCases();

describe.each([0, 1])('chaos ledger, factorio 30 days (%#: default, boosted)', (which) => {
  const c = () => cases()[which] as Case;
  const chaos = () => c().drop.run.scenario.chaos;

  it('points every entry at an existing file and a record in it, in ledger order', () => {
    const { drop } = c();
    for (const date of drop.run.dates) {
      const day = drop.ledger.filter((e) => e.file.startsWith(`raw_data/${date}/`) || e.file === 'plant');
      for (const e of day) {
        if (e.file === 'plant') {
          expect(e.type).toBe('degradation');
          continue;
        }
        expect(e.file.startsWith(`raw_data/${date}/`)).toBe(true);
        expect(e.file).toBe(`raw_data/${date}/${SOURCE_FILE[e.source]}`);
        expect(existsSync(join(drop.run.dir, e.file)), e.file).toBe(true);
        if (e.type === 'schema_drift') expect(e.ordinal).toBeNull();
        else {
          expect(e.ordinal, `${e.type} ${e.file}`).not.toBeNull();
          const n = drop.files.get(e.file)?.records.length ?? recordCount(join(drop.run.dir, e.file));
          expect(e.ordinal as number).toBeLessThanOrEqual(n);
        }
      }
    }
    // Each day's ledger only names that day's drop.
    for (const date of drop.run.dates) {
      const text = readFileSync(join(drop.run.dir, 'chaos', date, 'ledger.jsonl'), 'utf8');
      const files = text
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as LedgerEntry).file);
      for (const f of files) expect(f === 'plant' || f.startsWith(`raw_data/${date}/`), f).toBe(true);
      expect(files).toEqual([...files].sort());
    }
  });

  it('holds at each named field the dirty value the entry says', () => {
    const { drop } = c();
    let checked = 0;
    for (const e of drop.ledger) {
      if (!VALUE_TYPES.has(e.type) || e.ordinal === null || e.field === null) continue;
      const f = drop.files.get(e.file) as DataFile;
      const rec = f.records[e.ordinal - 1] as Rec;
      if (rec.values === null) continue; // written broken afterwards (checked below)
      const want = f.rel.endsWith('.csv') ? csvText(e.dirty_value) : e.dirty_value;
      expect(rec.values[e.field], `${e.type} ${e.file}#${e.ordinal}.${e.field}`).toEqual(want);
      expect(e.clean_value).not.toEqual(e.dirty_value);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('lands late rows in a later drop, at the ordinal the ledger gives, and nowhere else', () => {
    const { drop } = c();
    const [a, b] = (chaos().late_arrival as { days: [number, number] }).days;
    const late = entriesOf(drop, 'late_arrival');
    expect(late.length).toBeGreaterThan(20);
    // A key may name two clean records (a machine's readings at the same second, at the seam of two
    // short runs), so "it left" is counted: the home file holds the key as often as the chaos-free
    // twin's file does, less the records that left under it.
    const twin = loadDrop(c().twin);
    const keyCounts = (f: DataFile, source: string) => {
      const n = new Map<string, number>();
      for (const r of f.records) {
        const k = keyOf(source, undoDrift(f, cleanValues(f, r)));
        n.set(k, (n.get(k) ?? 0) + 1);
      }
      return n;
    };
    const gone = new Map<string, number>();
    for (const e of late) {
      const id = `${e.event_date}/${SOURCE_FILE[e.source]}|${e.record_key}`;
      gone.set(id, (gone.get(id) ?? 0) + 1);
    }
    for (const e of late) {
      const dropDay = e.file.split('/')[1] as string;
      expect(e.dirty_value).toBe(dropDay);
      expect(e.clean_value).toBe(e.event_date);
      const delay = dayIndex(drop.run, dropDay) - dayIndex(drop.run, e.event_date);
      expect(delay).toBeGreaterThanOrEqual(a);
      expect(delay).toBeLessThanOrEqual(b);
      const f = drop.files.get(e.file) as DataFile;
      const rec = f.records[(e.ordinal as number) - 1] as Rec;
      expect(keyOf(e.source, undoDrift(f, cleanValues(f, rec))), `${e.file}#${e.ordinal}`).toBe(e.record_key);
      // …and it left its own day's file.
      const rel = `raw_data/${e.event_date}/${SOURCE_FILE[e.source]}`;
      const left = keyCounts(drop.files.get(rel) as DataFile, e.source).get(e.record_key) ?? 0;
      const clean = keyCounts(twin.files.get(rel) as DataFile, e.source).get(e.record_key) ?? 0;
      expect(left, `${rel}: ${e.record_key}`).toBe(
        clean - (gone.get(`${e.event_date}/${SOURCE_FILE[e.source]}|${e.record_key}`) ?? 0),
      );
    }
  });

  it('writes malformed lines broken exactly as the ledger describes, and every other line whole', () => {
    const { drop } = c();
    const broken = entriesOf(drop, 'malformed_row');
    // Defaults break only operator logs (~1 a fortnight: none at all in some 30-day runs); the
    // boosted run breaks dozens.
    if (which === 1) expect(broken.length).toBeGreaterThan(3);
    for (const e of broken) {
      const f = drop.files.get(e.file) as DataFile;
      const rec = f.records[(e.ordinal as number) - 1] as Rec;
      const line = rec.line as Buffer;
      const clean = Buffer.from(String(e.clean_value), 'utf8');
      const what = `${e.file}#${e.ordinal}: ${e.dirty_value}`;
      expect(rec.values, what).toBeNull(); // no reader takes it as a record
      const cut = /^truncated at byte (\d+)$/.exec(String(e.dirty_value));
      const bad = /^invalid UTF-8 byte 0x([0-9A-F]{2}) at byte (\d+)$/.exec(String(e.dirty_value));
      if (cut) {
        expect(line.length, what).toBe(Number(cut[1]));
        expect(line.length).toBeLessThan(clean.length);
        expect(line.equals(clean.subarray(0, line.length)), what).toBe(true);
        if (f.rel.endsWith('.csv'))
          expect((parseCsv(line.toString('utf8'))[0] ?? []).length).toBeLessThan(f.header.length);
        else expect(() => JSON.parse(line.toString('utf8'))).toThrow();
      } else {
        expect(bad, what).not.toBeNull();
        const at = Number(bad?.[2]);
        expect(line[at], what).toBe(Number.parseInt(bad?.[1] as string, 16));
        expect(isValidUtf8(line)).toBe(false);
        expect(Buffer.concat([line.subarray(0, at), line.subarray(at + 1)]).equals(clean), what).toBe(true);
      }
    }
    // Lines the ledger does not call malformed are all readable.
    for (const f of drop.files.values()) {
      for (const rec of f.records) {
        if (rec.values !== null) continue;
        const es = f.entries.get(rec.ordinal) ?? [];
        expect(
          es.some((e) => e.type === 'malformed_row'),
          `${f.rel}#${rec.ordinal} is broken`,
        ).toBe(true);
      }
    }
  });

  it('writes each duplicate as an exact copy of another record of the same file', () => {
    const { drop } = c();
    const dups = entriesOf(drop, 'duplicate_record');
    expect(dups.length).toBeGreaterThan(10);
    for (const e of dups) {
      const f = drop.files.get(e.file) as DataFile;
      const copy = f.records[(e.ordinal as number) - 1] as Rec;
      const same = f.records.filter(
        (r) =>
          r.ordinal !== copy.ordinal &&
          (copy.line && r.line
            ? r.line.equals(copy.line)
            : JSON.stringify(r.values) === JSON.stringify(copy.values)),
      );
      expect(same.length, `${e.file}#${e.ordinal}`).toBeGreaterThanOrEqual(1);
      expect(keyOf(e.source, undoDrift(f, cleanValues(f, copy)))).toBe(e.record_key);
    }
  });

  it('writes every clean row once (in its own or a later drop), plus the copies the ledger names', () => {
    const { drop } = c();
    for (const source of [
      'production_batches',
      'sensor_logs',
      'qc_checks',
      'operator_logs',
      'inventory_moves',
    ]) {
      drop.run.dates.forEach((date, d) => {
        const rel = `raw_data/${date}/${SOURCE_FILE[source]}`;
        const late = drop.ledger.filter((e) => e.type === 'late_arrival' && e.source === source);
        const arrived = late.filter((e) => e.file === rel).length;
        const left = late.filter((e) => e.event_date === date).length;
        const copies = drop.ledger.filter((e) => e.type === 'duplicate_record' && e.file === rel).length;
        const written = (drop.files.get(rel) as DataFile).records.length;
        expect(written, `${rel}`).toBe((drop.counts[d]?.[source] ?? 0) - left + arrived + copies);
      });
    }
  });

  it('turns back into the clean drop when every entry is undone', () => {
    const { drop, twin } = c();
    const canon = (source: string, v: Values) =>
      JSON.stringify((SEED_COLUMNS[source] ?? Object.keys(v)).map((k) => (v[k] === undefined ? '∅' : v[k])));
    for (const source of CHAOS_SOURCES) {
      const restored = new Map<string, string[]>();
      for (const f of drop.files.values()) {
        if (f.source !== source) continue;
        for (const rec of f.records) {
          const es = f.entries.get(rec.ordinal) ?? [];
          if (es.some((e) => e.type === 'duplicate_record')) continue;
          const day = es[0]?.event_date ?? f.date;
          const list = restored.get(day) ?? [];
          list.push(canon(source, undoDrift(f, cleanValues(f, rec))));
          restored.set(day, list);
        }
      }
      for (const date of twin.dates) {
        const f = readDataFile(twin, date, source);
        const want = f.records.map((r) => canon(source, r.values as Values)).sort();
        expect((restored.get(date) ?? []).sort(), `${source} ${date}`).toEqual(want);
      }
    }
  });
});
