/**
 * Done-when 2: the factorio drop is the seed's format exactly (formats.md §1): four files a day,
 * the seed's CSV headers (and, from schema_drift's from_day on, exactly the drift the ledger
 * records), CRLF line ends, 0-byte CSVs without rows, naive ISO timestamps, a pretty-printed
 * sensor_logs.json with the seed's keys, the seed's id styles, and RFC 4180 quoting. With chaos off
 * every record of every file validates against its contract.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadScenario } from '../../../src/config/load.ts';
import {
  EXTRA_FILES,
  inventoryMove,
  MACHINE_MASTER_COLUMNS,
  machineMasterRow,
  machineStateInterval,
} from '../../../src/contracts/extras.ts';
import type { LedgerEntry } from '../../../src/contracts/ledger.ts';
import {
  REFERENCE_ALIAS_COLUMNS,
  REFERENCE_FACTORY_COLUMNS,
  REFERENCE_FILES,
  REFERENCE_MACHINE_COLUMNS,
  referenceAlias,
  referenceFactory,
  referenceMachine,
} from '../../../src/contracts/reference.ts';
import {
  OPERATOR_LOG_COLUMNS,
  operatorLog,
  PRODUCTION_BATCH_COLUMNS,
  productionBatch,
  QC_CHECK_COLUMNS,
  qcCheck,
  SEED_FILES,
  SENSOR_READING_KEYS,
  sensorReading,
} from '../../../src/contracts/seed-drop.ts';
import {
  byteLines,
  type Csv,
  csvFromText,
  ledgerIndex,
  malformedOrdinals,
  type Run,
  readAllLedgers,
  readCsv,
  readJson,
  readJsonl,
  readTruth,
  removeDir,
  simulateTo,
  withoutChaos,
} from './helpers.ts';

/** Exactly the seed's style: no fraction, no offset. */
const SEED_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const MACHINES = ['SMELTER-01', 'SMELTER-02', 'ASSEMBLER-01'];
const BATCH_ID = /^(SMELTER-01|SMELTER-02|ASSEMBLER-01)_(\d{8})_(\d{3})$/;
const CHECK_ID = /^QC_(\d{8})_(\d{4})$/;
const LOG_ID = /^LOG_(\d{8})_(\d{4})$/;

const CSV_FILES = {
  production_batches: { file: SEED_FILES.production_batches, columns: PRODUCTION_BATCH_COLUMNS },
  qc_checks: { file: SEED_FILES.qc_checks, columns: QC_CHECK_COLUMNS },
  operator_logs: { file: SEED_FILES.operator_logs, columns: OPERATOR_LOG_COLUMNS },
} as const;
const TIMESTAMP_FIELDS: Record<string, readonly string[]> = {
  production_batches: ['start_time', 'end_time'],
  qc_checks: ['check_timestamp'],
  operator_logs: ['log_timestamp'],
  sensor_logs: ['timestamp'],
};

const ymd = (date: string) => date.replaceAll('-', '');

let chaotic: Run; // default chaos, 30 days
let clean: Run; // chaos off, 30 days
let sparse: Run; // no QC, no operator logs: their CSVs have no rows
let ledger: LedgerEntry[];
let fromDay: number;

beforeAll(async () => {
  const factorio = loadScenario('factorio');
  chaotic = await simulateTo('fmt-chaos', factorio, { days: 30, seed: 42 });
  clean = await simulateTo('fmt-clean', withoutChaos('factorio'), { days: 30, seed: 42 });
  const s = loadScenario('factorio');
  sparse = await simulateTo(
    'fmt-sparse',
    {
      ...s,
      qc: { ...(s.qc as NonNullable<typeof s.qc>), sample_rate: 0 },
      operators: { ...(s.operators as NonNullable<typeof s.operators>), log_rate: 0 },
    },
    { days: 3, seed: 42 },
  );
  ledger = readAllLedgers(chaotic);
  fromDay = factorio.chaos.schema_drift?.from_day as number;
});

afterAll(() => {
  for (const r of [chaotic, clean, sparse]) removeDir(r?.dir);
});

const rawPath = (run: Run, date: string, file: string) => join(run.dir, 'raw_data', date, file);
const rel = (date: string, file: string) => `raw_data/${date}/${file}`;

/** The seed's columns with the ledger's schema_drift entries for this file applied. */
function driftedColumns(seed: readonly string[], entries: readonly LedgerEntry[]): string[] {
  let cols = [...seed];
  for (const e of entries) {
    if (e.clean_value !== null) cols = cols.map((c) => (c === e.clean_value ? String(e.dirty_value) : c));
    else cols.push(String(e.dirty_value));
  }
  return cols;
}

const driftEntries = (file: string) => ledger.filter((e) => e.type === 'schema_drift' && e.file === file);

describe('the seed file drop (factorio, default chaos, 30 days)', () => {
  it('writes the four seed files every day', () => {
    for (const run of [chaotic, clean]) {
      for (const date of run.dates) {
        for (const file of Object.values(SEED_FILES))
          expect(() => readFileSync(rawPath(run, date, file))).not.toThrow();
      }
    }
  });

  it("writes the seed's CSV headers before schema_drift's from_day, and exactly the ledger's drift after", () => {
    expect(fromDay).toBeGreaterThan(0);
    expect(fromDay).toBeLessThan(chaotic.days);
    let drifted = 0;
    chaotic.dates.forEach((date, d) => {
      for (const { file, columns } of Object.values(CSV_FILES)) {
        const csv = readCsv(rawPath(chaotic, date, file));
        expect(csv.records.length, `${date}/${file} has rows`).toBeGreaterThan(0);
        const entries = driftEntries(rel(date, file));
        if (d < fromDay) {
          expect(entries, `${date}/${file}`).toEqual([]);
          expect(csv.header, `${date}/${file}`).toEqual([...columns]);
        } else {
          // schema_drift has rate 1 in the factorio scenario: every known drift shows.
          expect(entries.length, `${date}/${file}`).toBeLessThanOrEqual(1);
          for (const e of entries) {
            expect(e.ordinal).toBeNull();
            expect(e.event_date).toBe(date);
            expect(e.field).toBe(e.dirty_value);
          }
          expect(csv.header, `${date}/${file}`).toEqual(driftedColumns(columns, entries));
          drifted += entries.length;
        }
      }
    });
    // production_batches and operator_logs drift every day from from_day on.
    expect(drifted).toBe(2 * (chaotic.days - fromDay));
    // The renames are the ones a consumer must cope with, and nothing else changed.
    const day = chaotic.dates[fromDay] as string;
    expect(readCsv(rawPath(chaotic, day, SEED_FILES.production_batches)).header).toEqual([
      'batch_id',
      'machine_id',
      'product_name',
      'start_time',
      'end_time',
      'units_produced',
      'defective_units',
    ]);
  });

  it("writes sensor_logs.json as a pretty-printed array of objects with the seed's keys (plus the ledger's drift)", () => {
    chaotic.dates.forEach((date, d) => {
      const text = readFileSync(rawPath(chaotic, date, SEED_FILES.sensor_logs), 'utf8');
      const readings = JSON.parse(text) as Record<string, unknown>[];
      expect(Array.isArray(readings)).toBe(true);
      expect(readings.length).toBeGreaterThan(0);
      // json.dump(indent=2) layout, byte for byte.
      expect(text).toBe(JSON.stringify(readings, null, 2));
      const entries = driftEntries(rel(date, SEED_FILES.sensor_logs));
      if (d < fromDay) expect(entries).toEqual([]);
      else expect(entries.length).toBe(1);
      const keys = driftedColumns(SENSOR_READING_KEYS, entries);
      for (const r of readings) {
        expect(r !== null && typeof r === 'object' && !Array.isArray(r)).toBe(true);
        expect(Object.keys(r)).toEqual(keys);
      }
    });
    expect(SENSOR_READING_KEYS).toEqual([
      'machine_id',
      'timestamp',
      'temperature',
      'pressure',
      'energy_kwh',
      'efficiency_percent',
    ]);
  });

  it('ends every CSV line with CRLF (seed files, master snapshots, reference files)', () => {
    const paths: string[] = [];
    for (const run of [chaotic, clean]) {
      for (const date of run.dates) {
        for (const { file } of Object.values(CSV_FILES)) paths.push(rawPath(run, date, file));
        paths.push(rawPath(run, date, EXTRA_FILES.machine_master));
      }
      // routings.csv lists multi-product stations only: factorio has none, so it is 0 bytes (the seed's empty CSV).
      for (const f of Object.values(REFERENCE_FILES))
        if (f !== REFERENCE_FILES.routings) paths.push(join(run.dir, 'reference', f));
    }
    for (const path of paths) {
      const buf = readFileSync(path);
      expect(buf.length, path).toBeGreaterThan(0);
      expect(buf.subarray(-2).toString('latin1'), path).toBe('\r\n');
      for (let i = 0; i < buf.length; i++) {
        if (buf[i] === 0x0a && buf[i - 1] !== 0x0d) throw new Error(`${path}: bare LF at byte ${i}`);
        if (buf[i] === 0x0d && buf[i + 1] !== 0x0a) throw new Error(`${path}: bare CR at byte ${i}`);
      }
      // No field holds a line break: records and lines coincide.
      expect(readCsv(path).records.length + 1, path).toBe(byteLines(buf).length);
    }
  });

  it('writes a CSV with no rows as a 0-byte file (no header)', () => {
    for (const date of sparse.dates) {
      for (const file of [SEED_FILES.qc_checks, SEED_FILES.operator_logs]) {
        expect(readFileSync(rawPath(sparse, date, file)).length, `${date}/${file}`).toBe(0);
        expect(readTruth(sparse.dir, date).counts?.[file.replace('.csv', '')]).toBe(0);
      }
      expect(readCsv(rawPath(sparse, date, SEED_FILES.production_batches)).records.length).toBeGreaterThan(0);
    }
  });

  it('writes naive ISO timestamps (YYYY-MM-DDTHH:MM:SS, no offset) in every seed file', () => {
    let checked = 0;
    for (const date of chaotic.dates) {
      for (const [source, { file }] of Object.entries(CSV_FILES)) {
        const broken = malformedOrdinals(ledger, rel(date, file));
        readCsv(rawPath(chaotic, date, file)).rows.forEach((row, i) => {
          if (broken.has(i + 1)) return; // a truncated line may have lost its timestamp
          for (const f of TIMESTAMP_FIELDS[source] ?? []) {
            const v = row[f] as string;
            expect(v, `${date}/${file}#${i + 1}.${f}`).toMatch(SEED_TS);
            expect(Number.isNaN(Date.parse(`${v}Z`))).toBe(false);
            checked++;
          }
        });
      }
      for (const r of readJson<Record<string, unknown>[]>(rawPath(chaotic, date, SEED_FILES.sensor_logs))) {
        expect(r.timestamp).toMatch(SEED_TS);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it("uses the seed's id styles: batch, check and log ids carry their event day", () => {
    // Every ledger entry of a record names the day it belongs to: a late row (or a copy of one) is
    // written in a later drop but keeps the ids of its own day.
    const at = ledgerIndex(ledger);
    const eventDay = (file: string, ordinal: number, date: string) =>
      ymd(at.get(file)?.get(ordinal)?.[0]?.event_date ?? date);
    let late = 0;
    for (const date of chaotic.dates) {
      const check = (source: keyof typeof CSV_FILES, field: string, re: RegExp, group = 1) => {
        const file = CSV_FILES[source].file;
        const broken = malformedOrdinals(ledger, rel(date, file));
        readCsv(rawPath(chaotic, date, file)).rows.forEach((row, i) => {
          if (broken.has(i + 1)) return;
          const m = re.exec(row[field] as string);
          expect(m, `${date}/${file}#${i + 1}: ${row[field]}`).not.toBeNull();
          const day = eventDay(rel(date, file), i + 1, date);
          if (day !== ymd(date)) late++;
          expect(m?.[group]).toBe(day);
        });
      };
      check('production_batches', 'batch_id', BATCH_ID, 2);
      check('qc_checks', 'check_id', CHECK_ID);
      check('qc_checks', 'batch_id', BATCH_ID, 2);
      check('operator_logs', 'log_id', LOG_ID);
    }
    expect(late).toBeGreaterThan(0);
  });

  it('numbers ids per machine and day in time order; check and log ids without gaps (chaos off)', () => {
    let gaps = 0;
    for (const date of clean.dates) {
      const batches = readCsv(rawPath(clean, date, SEED_FILES.production_batches)).rows;
      const seqs = new Map<string, { n: number; start: string }[]>();
      for (const b of batches) {
        const m = BATCH_ID.exec(b.batch_id as string);
        expect(m?.[1]).toBe(b.machine_id);
        expect(m?.[2]).toBe(ymd(date));
        const list = seqs.get(m?.[1] as string) ?? [];
        list.push({ n: Number(m?.[3]), start: b.start_time as string });
        seqs.set(m?.[1] as string, list);
      }
      expect([...seqs.keys()].sort()).toEqual([...MACHINES].sort());
      // A run that failed before making anything used up its number (it took and returned material,
      // so inventory_moves names it) but wrote no batch: numbers increase with start time, and every
      // skipped number is such a run.
      const moveRefs = new Set(
        readJsonl<{ reference_id: string | null }>(rawPath(clean, date, EXTRA_FILES.inventory_moves)).map(
          (m) => m.reference_id,
        ),
      );
      for (const [machine, list] of seqs) {
        list.sort((a, b) => (a.start < b.start ? -1 : 1));
        for (let i = 1; i < list.length; i++)
          expect((list[i] as { n: number }).n).toBeGreaterThan((list[i - 1] as { n: number }).n);
        const have = new Set(list.map((x) => x.n));
        const last = list.at(-1)?.n ?? 0;
        for (let k = 1; k < last; k++) {
          if (have.has(k)) continue;
          gaps++;
          expect(
            moveRefs.has(`${machine}_${ymd(date)}_${String(k).padStart(3, '0')}`),
            `${machine} #${k} on ${date}`,
          ).toBe(true);
        }
      }
      const batchIds = new Set(batches.map((b) => b.batch_id));
      const checks = readCsv(rawPath(clean, date, SEED_FILES.qc_checks)).rows;
      const checkSeq = checks
        .map((c) => Number(CHECK_ID.exec(c.check_id as string)?.[2]))
        .sort((a, b) => a - b);
      expect(checkSeq).toEqual(checkSeq.map((_, i) => i + 1));
      for (const c of checks) expect(batchIds.has(c.batch_id)).toBe(true);
      const logs = readCsv(rawPath(clean, date, SEED_FILES.operator_logs)).rows;
      const logSeq = logs.map((l) => Number(LOG_ID.exec(l.log_id as string)?.[2])).sort((a, b) => a - b);
      expect(logSeq).toEqual(logSeq.map((_, i) => i + 1));
    }
    expect(gaps).toBeLessThan(30);
  });

  it('quotes fields that hold commas, and they parse back whole', () => {
    let quoted = 0;
    for (const date of chaotic.dates) {
      for (const [source, { file }] of Object.entries(CSV_FILES)) {
        const text = readFileSync(rawPath(chaotic, date, file), 'utf8');
        const csv: Csv = csvFromText(text);
        const broken = malformedOrdinals(ledger, rel(date, file));
        csv.records.forEach((rec, i) => {
          if (broken.has(i + 1)) return;
          expect(rec.length, `${date}/${file}#${i + 1}`).toBe(csv.header.length);
          for (const field of rec) {
            if (!field.includes(',')) continue;
            quoted++;
            expect(text.includes(`"${field.replaceAll('"', '""')}"`)).toBe(true);
          }
        });
        if (source === 'operator_logs' || source === 'qc_checks')
          expect(csv.records.length).toBeGreaterThan(0);
      }
    }
    // e.g. "Batch SMELTER-02_20251201_003 complete, 92 units", "2 defective units, mostly burrs, …"
    expect(quoted).toBeGreaterThan(30);
  });
});

// ── chaos off: every record is a valid contract record ──────────────────────────────────────────────

const int = (v: string | undefined) => (v === undefined || v === '' ? v : Number(v));
const orNull = (v: string | undefined) => (v === '' ? null : v);

function validateAll<T>(schema: z.ZodObject, rows: T[], where: string): void {
  const strict = schema.strict();
  rows.forEach((r, i) => {
    const res = strict.safeParse(r);
    if (!res.success) throw new Error(`${where}#${i + 1}: ${res.error.message}\n${JSON.stringify(r)}`);
  });
}

describe('with all chaos off (factorio, 30 days)', () => {
  it('writes only degradation (real behaviour) to the ledger', () => {
    const types = new Set(readAllLedgers(clean).map((e) => e.type));
    expect([...types]).toEqual(['degradation']);
  });

  it('validates every record of every file against its zod contract', () => {
    let n = 0;
    for (const date of clean.dates) {
      const where = (f: string) => `${date}/${f}`;
      const pb = readCsv(rawPath(clean, date, SEED_FILES.production_batches));
      expect(pb.header).toEqual([...PRODUCTION_BATCH_COLUMNS]);
      const batches = pb.rows.map((r) => ({
        ...r,
        units_produced: int(r.units_produced),
        units_defective: int(r.units_defective),
      }));
      validateAll(productionBatch, batches, where('production_batches'));

      const sensors = readJson<Record<string, unknown>[]>(rawPath(clean, date, SEED_FILES.sensor_logs));
      validateAll(sensorReading, sensors, where('sensor_logs'));
      for (const s of sensors) expect(Object.keys(s)).toEqual([...SENSOR_READING_KEYS]);

      const qc = readCsv(rawPath(clean, date, SEED_FILES.qc_checks));
      expect(qc.header).toEqual([...QC_CHECK_COLUMNS]);
      validateAll(qcCheck, qc.rows, where('qc_checks'));

      const ops = readCsv(rawPath(clean, date, SEED_FILES.operator_logs));
      expect(ops.header).toEqual([...OPERATOR_LOG_COLUMNS]);
      validateAll(operatorLog, ops.rows, where('operator_logs'));

      const master = readCsv(rawPath(clean, date, EXTRA_FILES.machine_master));
      expect(master.header).toEqual([...MACHINE_MASTER_COLUMNS]);
      validateAll(
        machineMasterRow,
        master.rows.map((r) => ({
          ...r,
          ideal_rate_units_per_hour: int(r.ideal_rate_units_per_hour),
          energy_kwh_per_unit: int(r.energy_kwh_per_unit),
          last_overhaul_on: orNull(r.last_overhaul_on),
        })),
        where('machine_master'),
      );
      validateAll(
        machineStateInterval,
        readJsonl(rawPath(clean, date, EXTRA_FILES.machine_states)),
        where('states'),
      );
      validateAll(
        inventoryMove,
        readJsonl(rawPath(clean, date, EXTRA_FILES.inventory_moves)),
        where('inventory'),
      );
      readTruth(clean.dir, date); // parses with the truth contract
      n += batches.length + sensors.length + qc.rows.length + ops.rows.length;
    }
    expect(n).toBeGreaterThan(5000);

    const ref = (f: string) => readCsv(join(clean.dir, 'reference', f));
    const machines = ref(REFERENCE_FILES.machines);
    expect(machines.header).toEqual([...REFERENCE_MACHINE_COLUMNS]);
    validateAll(
      referenceMachine,
      machines.rows.map((r) => ({
        ...r,
        ideal_rate_units_per_hour: int(r.ideal_rate_units_per_hour),
        energy_kwh_per_unit: int(r.energy_kwh_per_unit),
      })),
      'reference/machines',
    );
    expect(machines.rows.map((r) => r.machine_id)).toEqual(MACHINES);
    const factories = ref(REFERENCE_FILES.factories);
    expect(factories.header).toEqual([...REFERENCE_FACTORY_COLUMNS]);
    validateAll(referenceFactory, factories.rows, 'reference/factories');
    const aliases = ref(REFERENCE_FILES.aliases);
    expect(aliases.header).toEqual([...REFERENCE_ALIAS_COLUMNS]);
    validateAll(referenceAlias, aliases.rows, 'reference/aliases');
  });
});
