/**
 * Done-when 5: the chaos ledger says what the files hold, at the configured rates.
 * Two factorio runs of 30 days: the scenario's default chaos, and the same with the low-rate types
 * boosted (so duplicates, late rows, malformed rows, reordering and outliers come in hundreds).
 * - per-row types: injected / eligible within a binomial 4.5-sigma band, eligible rows being the
 *   records of the type's default sources (from truth.counts); sensor_null and outlier per measure;
 * - degradation: one entry per degraded machine per day, at the configured daily loss;
 *   unit_change: ceil(rate × machines) machines, every reading of theirs from from_day on;
 * - every entry points at a file that exists and a record in it; what the file holds at that
 *   record is what the entry says (late rows really are in the later drop, malformed lines really
 *   are broken as described, duplicates really are copies);
 * - undoing every entry turns the dirty drop back into the clean one (a chaos-off twin run).
 * LEDGER_RATES=1 prints each rate check's count, expected mean and z-score.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChaosConfig } from '../../../src/config/chaos-schema.ts';
import { loadScenario } from '../../../src/config/load.ts';
import type { Scenario } from '../../../src/config/scenario-schema.ts';
import { EXTRA_FILES } from '../../../src/contracts/extras.ts';
import type { LedgerEntry } from '../../../src/contracts/ledger.ts';
import { SEED_FILES } from '../../../src/contracts/seed-drop.ts';
import {
  BOOST,
  CHAOS_SOURCES,
  cleanValues,
  csvText,
  type DataFile,
  DEFAULT_SOURCES,
  type Drop,
  dayIndex,
  entriesOf,
  keyOf,
  loadDrop,
  MACHINES,
  MEASURES,
  type Rec,
  readDataFile,
  SEED_COLUMNS,
  SOURCE_FILE,
  undoDrift,
  VALUE_TYPES,
  type Values,
} from './chaos-drop.ts';
import {
  type Band,
  binomialBand,
  isValidUtf8,
  parseCsv,
  type Run,
  readCsv,
  readJson,
  recordCount,
  removeDir,
  simulateTo,
  sum,
} from './helpers.ts';

// ── runs ────────────────────────────────────────────────────────────────────────────────────────────

interface Case {
  name: string;
  drop: Drop;
  /** The same scenario and seed with no data chaos (degradation kept: it is the engine's). */
  twin: Run;
}
const cases: Case[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  const base = loadScenario('factorio');
  const boosted: Scenario = { ...base, chaos: { ...base.chaos, ...BOOST } };
  for (const [name, scenario] of [
    ['default chaos', base],
    ['boosted low-rate chaos', boosted],
  ] as const) {
    const run = await simulateTo(`ledger-${name.split(' ')[0]}`, scenario, { days: 30, seed: 42 });
    dirs.push(run.dir);
    const degradation = scenario.chaos.degradation;
    const twin = await simulateTo(
      `ledger-twin-${name.split(' ')[0]}`,
      { ...scenario, chaos: degradation ? { degradation } : {} },
      { days: 30, seed: 42 },
    );
    dirs.push(twin.dir);
    cases.push({ name, drop: loadDrop(run), twin });
  }
});

afterAll(() => {
  for (const d of dirs) removeDir(d);
});

function expectInBand(count: number, band: Band, what: string): void {
  const msg = `${what}: ${count} injected, expected ${band.mean.toFixed(1)} ± 4.5 × ${band.sd.toFixed(1)}`;
  if (process.env.LEDGER_RATES) console.log(`${msg}  (z = ${((count - band.mean) / band.sd).toFixed(2)})`);
  expect(count, msg).toBeGreaterThanOrEqual(band.lo);
  expect(count, msg).toBeLessThanOrEqual(band.hi);
}

describe.each([0, 1])('chaos ledger, factorio 30 days (%#: default, boosted)', (which) => {
  const c = () => cases[which] as Case;
  const chaos = () => c().drop.run.scenario.chaos;
  const rateOf = (type: keyof ChaosConfig) => (chaos()[type] as { rate: number } | undefined)?.rate ?? 0;
  /** Σ over days of the clean records of `sources`. */
  const eligible = (sources: readonly string[]) =>
    sum(c().drop.counts.map((n) => sum(sources.map((s) => n[s] ?? 0))));

  it('keeps the truth as it is without chaos (truth comes from the clean events)', () => {
    const { drop, twin } = c();
    for (const date of drop.run.dates) {
      const a = readFileSync(join(drop.run.dir, 'ground_truth', date, 'truth.json'), 'utf8');
      const b = readFileSync(join(twin.dir, 'ground_truth', date, 'truth.json'), 'utf8');
      expect(a, date).toBe(b);
    }
  });

  it.each([
    'product_name_spelling',
    'machine_id_spelling',
    'timestamp_drift',
    'timezone_mix',
    'duplicate_record',
    'malformed_row',
  ] as const)('injects %s into rows of its default sources at its rate', (type) => {
    const p = rateOf(type);
    expect(p).toBeGreaterThan(0);
    const injected = entriesOf(c().drop, type);
    for (const e of injected) expect(DEFAULT_SOURCES[type]).toContain(e.source);
    // Rows chosen once, one entry each (each of these sources has one field per type).
    expect(new Set(injected.map((e) => `${e.file}#${e.ordinal}`)).size).toBe(injected.length);
    const n = eligible(DEFAULT_SOURCES[type]);
    expectInBand(injected.length, binomialBand([[n, p]]), `${type} over ${n} rows`);
  });

  it('delays rows at late_arrival rate, except where the delivery day would pass the last day', () => {
    const { drop } = c();
    const cfg = chaos().late_arrival as { rate: number; days: [number, number] };
    const [a, b] = cfg.days;
    const days = drop.run.days;
    const parts = drop.counts.map((n, d) => {
      const ok = Array.from({ length: b - a + 1 }, (_, k) => a + k).filter((k) => d + k <= days - 1).length;
      const rows = sum(DEFAULT_SOURCES.late_arrival.map((s) => n[s] ?? 0));
      return [rows, (cfg.rate * ok) / (b - a + 1)] as const;
    });
    const late = entriesOf(drop, 'late_arrival');
    for (const e of late) expect(DEFAULT_SOURCES.late_arrival).toContain(e.source);
    expectInBand(late.length, binomialBand(parts), 'late_arrival');
  });

  it('moves rows out of order at out_of_order rate (eligible: the rows in the file, copies included)', () => {
    const { drop } = c();
    const dups = entriesOf(drop, 'duplicate_record');
    const n =
      eligible(DEFAULT_SOURCES.out_of_order) +
      dups.filter((e) => (DEFAULT_SOURCES.out_of_order as readonly string[]).includes(e.source)).length;
    const moved = entriesOf(drop, 'out_of_order');
    for (const e of moved) {
      expect(DEFAULT_SOURCES.out_of_order).toContain(e.source);
      // positions before and after the move; the entry sits at the new one
      expect(e.dirty_value).toBe(e.ordinal);
    }
    // Each moved row is at least 2 places away from where it was, counted in the rows that stayed put
    // (its absolute position may even be unchanged when other moved rows left from before it).
    for (const f of drop.files.values()) {
      const movers = moved.filter((e) => e.file === f.rel);
      if (movers.length === 0) continue;
      const moverAt = new Set(movers.map((e) => e.ordinal as number));
      const cleanPos = movers.map((e) => e.clean_value as number);
      for (const e of movers) {
        const was =
          (e.clean_value as number) - 1 - cleanPos.filter((p) => p < (e.clean_value as number)).length;
        let now = 0;
        for (let o = 1; o < (e.ordinal as number); o++) if (!moverAt.has(o)) now++;
        expect(Math.abs(now - was), `${f.rel}#${e.ordinal}`).toBeGreaterThanOrEqual(2);
      }
    }
    expectInBand(moved.length, binomialBand([[n, rateOf('out_of_order')]]), `out_of_order over ${n} rows`);
  });

  it('nulls and spikes each sensor measure at its rate (per field)', () => {
    const { drop } = c();
    const readings = eligible(['sensor_logs']);
    const perField = (type: string, field: string) =>
      drop.ledger.filter((e) => e.type === type && e.source === 'sensor_logs' && e.field === field).length;
    for (const type of ['sensor_null', 'outlier'])
      for (const e of entriesOf(drop, type)) expect(MEASURES).toContain(e.field as (typeof MEASURES)[number]);
    for (const field of MEASURES) {
      // Chaos never stacks on one field: a °F reading is not also spiked or nulled, a spike is not nulled.
      const converted = perField('unit_change', field);
      const spiked = perField('outlier', field);
      const nulled = perField('sensor_null', field);
      expectInBand(spiked, binomialBand([[readings - converted, rateOf('outlier')]]), `outlier ${field}`);
      expectInBand(
        nulled,
        binomialBand([[readings - converted - spiked, rateOf('sensor_null')]]),
        `sensor_null ${field}`,
      );
    }
  });

  it('converts every reading of ceil(rate × machines) machines to °F from from_day on', () => {
    const { drop, twin } = c();
    const cfg = chaos().unit_change as { rate: number; from_day: number };
    const entries = entriesOf(drop, 'unit_change');
    const machines = new Set(entries.map((e) => e.record_key.split('@')[0] as string));
    expect(machines.size).toBe(Math.ceil(cfg.rate * MACHINES.length));
    for (const e of entries) {
      expect(e.source).toBe('sensor_logs');
      expect(e.field).toBe('temperature');
      expect(dayIndex(drop.run, e.event_date)).toBeGreaterThanOrEqual(cfg.from_day);
      expect(e.dirty_value).toBe(Math.round((e.clean_value as number) * 1800 + 32000) / 1000);
    }
    // Exactly the readings of those machines on those days (counted in the chaos-off twin).
    let expected = 0;
    twin.dates.forEach((date, d) => {
      if (d < cfg.from_day) return;
      const readings = readJson<{ machine_id: string }[]>(
        join(twin.dir, 'raw_data', date, SEED_FILES.sensor_logs),
      );
      expected += readings.filter((r) => machines.has(r.machine_id)).length;
    });
    expect(entries.length).toBe(expected);
  });

  it('writes one degradation entry per degraded machine per day, at the configured daily loss', () => {
    const { drop } = c();
    const cfg = chaos().degradation as { rate: number; machines: string[] };
    const scenario = drop.run.scenario;
    const degraded = scenario.machines.filter((m) =>
      cfg.machines.includes(m.id) ? cfg.rate > 0 : (m.degradation_per_day ?? 0) > 0,
    );
    expect(degraded.length).toBeGreaterThan(0);
    const entries = entriesOf(drop, 'degradation');
    drop.run.dates.forEach((date, d) => {
      const today = entries.filter((e) => e.event_date === date);
      const master = readCsv(join(drop.run.dir, 'raw_data', date, EXTRA_FILES.machine_master)).rows;
      for (const m of degraded) {
        const rate = cfg.machines.includes(m.id) ? cfg.rate : (m.degradation_per_day as number);
        const overhaul = master.find((r) => r.machine_id === m.id)?.last_overhaul_on;
        const since = overhaul ? dayIndex(drop.run, overhaul) : 0;
        const efficiency = Math.round((m.base_efficiency - rate * (d - since)) * 1e6) / 1e6;
        const mine = today.filter((e) => e.record_key === m.id);
        if (efficiency === m.base_efficiency) {
          expect(mine, `${date} ${m.id}`).toEqual([]);
          continue;
        }
        expect(mine, `${date} ${m.id}`).toHaveLength(1);
        expect(mine[0]).toMatchObject({
          source: 'plant',
          file: 'plant',
          ordinal: null,
          field: 'efficiency',
          clean_value: m.base_efficiency,
          dirty_value: efficiency,
        });
      }
      expect(today.every((e) => degraded.some((m) => m.id === e.record_key))).toBe(true);
    });
    expect(entries.length).toBeGreaterThanOrEqual(degraded.length * (drop.run.days - 2));
  });

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
