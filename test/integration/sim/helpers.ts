/**
 * Helpers for the simulator's end-to-end tests: running `simulate()` into a temp dir, reading what it
 * wrote (a small RFC 4180 parser, JSON lines, ledgers, truth) and a binomial tolerance band.
 * Tests read the files as a consumer would; they never look inside the simulator.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { loadScenario } from '../../../src/config/load.ts';
import type { Scenario } from '../../../src/config/scenario-schema.ts';
import { type LedgerEntry, ledgerEntry } from '../../../src/contracts/ledger.ts';
import { type DayTruth, dayTruth } from '../../../src/contracts/truth.ts';
import { type SimulateSummary, simulate } from '../../../src/sim/run.ts';

// ── temp dirs and runs ──────────────────────────────────────────────────────────────────────────────

/** A fresh directory under the OS temp dir; remove it with {@link removeDir}. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `ironworks-it-${label}-`));
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export interface Run {
  dir: string;
  summary: SimulateSummary;
  scenario: Scenario;
  start: string;
  days: number;
  dates: string[];
}

/** Simulates into a fresh temp dir (the caller removes `run.dir`). */
export async function simulateTo(
  label: string,
  scenario: Scenario,
  opts: { start?: string; days: number; seed: number },
): Promise<Run> {
  const dir = tempDir(label);
  const start = opts.start ?? '2025-12-01';
  const summary = await simulate({ scenario, start, days: opts.days, seed: opts.seed, out: dir });
  return { dir, summary, scenario, start, days: opts.days, dates: datesFrom(start, opts.days) };
}

/** A built-in scenario with every chaos type off. */
export function withoutChaos(name: string): Scenario {
  return { ...loadScenario(name), chaos: {} };
}

/** A built-in scenario with some chaos entries replaced (the others as the scenario has them). */
export function withChaos(name: string, over: Scenario['chaos']): Scenario {
  const s = loadScenario(name);
  return { ...s, chaos: { ...s.chaos, ...over } };
}

export function datesFrom(start: string, days: number): string[] {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: days }, (_, d) => new Date(t0 + d * 86_400_000).toISOString().slice(0, 10));
}

// ── files ───────────────────────────────────────────────────────────────────────────────────────────

/** Every file under `root`, as sorted `/`-separated relative paths. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** sha256 of (relative path, NUL, content) per file: equal maps mean byte-identical trees. */
export function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of listFiles(root)) {
    const h = createHash('sha256');
    h.update(rel);
    h.update('\0');
    h.update(readFileSync(join(root, rel)));
    out.set(rel, h.digest('hex'));
  }
  return out;
}

// ── CSV (RFC 4180) ──────────────────────────────────────────────────────────────────────────────────

/**
 * Parses RFC 4180 text into records of fields. Records end with CRLF (a lone LF is accepted too, so
 * line ends are checked separately); the last record may lack its line end. Quoted fields may hold
 * commas, quotes (doubled) and line breaks. A stray quote in an unquoted field, or text after a closing
 * quote, throws.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return records;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new Error('CSV: unterminated quoted field');
        const c = text[i] as string;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += c;
        i++;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n')
        throw new Error(`CSV: text after a closing quote at ${i}`);
    } else {
      while (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`CSV: quote inside an unquoted field at ${i}`);
        field += text[i];
        i++;
      }
    }
    record.push(field);
    if (i >= n) {
      records.push(record);
      return records;
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    // a line end: CRLF or LF
    if (text[i] === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`CSV: CR without LF at ${i}`);
      i += 2;
    } else i++;
    records.push(record);
    record = [];
    if (i >= n) return records;
  }
}

export interface Csv {
  /** Empty for a 0-byte file. */
  header: string[];
  /** Data records as arrays, in file order. */
  records: string[][];
  /** Data records keyed by header (only meaningful for records with the header's field count). */
  rows: Record<string, string>[];
}

export function csvFromText(text: string): Csv {
  const all = parseCsv(text);
  const header = all[0] ?? [];
  const records = all.slice(1);
  const rows = records.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] as string])));
  return { header, records, rows };
}

/** Reads a CSV file (as UTF-8; invalid bytes become U+FFFD, malformed rows are the caller's concern). */
export function readCsv(path: string): Csv {
  return csvFromText(readFileSync(path, 'utf8'));
}

/**
 * The raw bytes of each line of a CRLF file (without the CRLF). Only valid where no field holds a
 * line break, which {@link readCsv} record counts confirm.
 */
export function byteLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < buf.length - 1; i++) {
    if (buf[i] === 0x0d && buf[i + 1] === 0x0a) {
      out.push(buf.subarray(from, i));
      from = i + 2;
      i++;
    }
  }
  if (from < buf.length) out.push(buf.subarray(from));
  return out;
}

/** Splits LF-ended JSON lines into raw byte lines. */
export function lfLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      out.push(buf.subarray(from, i));
      from = i + 1;
    }
  }
  if (from < buf.length) out.push(buf.subarray(from));
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// ── JSON files ──────────────────────────────────────────────────────────────────────────────────────

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Parses every line of a JSON-lines file (throws on a broken line). */
export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  const text = readFileSync(path, 'utf8');
  if (text === '') return [];
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => JSON.parse(l) as T);
}

/** Each line of a JSON-lines file parsed, or null where the line is not valid JSON / UTF-8. */
export function readJsonlLenient(path: string): (Record<string, unknown> | null)[] {
  return lfLines(readFileSync(path)).map((b) => {
    if (!isValidUtf8(b)) return null;
    try {
      return JSON.parse(b.toString('utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
  });
}

export function readTruth(dir: string, date: string): DayTruth {
  return dayTruth.parse(readJson(join(dir, 'ground_truth', date, 'truth.json')));
}

/** A day's ledger, every line validated against the ledger contract. */
export function readLedger(dir: string, date: string): LedgerEntry[] {
  return readJsonl(join(dir, 'chaos', date, 'ledger.jsonl')).map((e) => ledgerEntry.parse(e));
}

export function readAllLedgers(run: Run): LedgerEntry[] {
  return run.dates.flatMap((d) => readLedger(run.dir, d));
}

/** Number of records in a data file: CSV data lines, JSON array elements, JSON lines. */
export function recordCount(path: string): number {
  const buf = readFileSync(path);
  if (path.endsWith('.csv')) return Math.max(0, byteLines(buf).length - 1);
  if (path.endsWith('.jsonl')) return lfLines(buf).length;
  return (JSON.parse(buf.toString('utf8')) as unknown[]).length;
}

// ── statistics ──────────────────────────────────────────────────────────────────────────────────────

export interface Band {
  mean: number;
  sd: number;
  lo: number;
  hi: number;
}

/**
 * The k-sigma band of a sum of independent binomials, each `[n, p]`: mean Σnp, variance Σnp(1−p).
 */
export function binomialBand(parts: readonly (readonly [number, number])[], k = 4.5): Band {
  let mean = 0;
  let variance = 0;
  for (const [n, p] of parts) {
    mean += n * p;
    variance += n * p * (1 - p);
  }
  const sd = Math.sqrt(variance);
  return { mean, sd, lo: mean - k * sd, hi: mean + k * sd };
}

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Counts of `key(x)` over a list. */
export function countBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const x of xs) {
    const k = key(x);
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** Ledger entries by file, then by 1-based ordinal (entries without an ordinal are left out). */
export function ledgerIndex(entries: readonly LedgerEntry[]): Map<string, Map<number, LedgerEntry[]>> {
  const out = new Map<string, Map<number, LedgerEntry[]>>();
  for (const e of entries) {
    if (e.ordinal === null) continue;
    let byOrdinal = out.get(e.file);
    if (!byOrdinal) out.set(e.file, (byOrdinal = new Map()));
    const list = byOrdinal.get(e.ordinal);
    if (list) list.push(e);
    else byOrdinal.set(e.ordinal, [e]);
  }
  return out;
}

/** 1-based ordinals of `file` that the ledger says were written broken. */
export function malformedOrdinals(entries: readonly LedgerEntry[], file: string): Set<number> {
  return new Set(
    entries
      .filter((e) => e.type === 'malformed_row' && e.file === file && e.ordinal !== null)
      .map((e) => e.ordinal as number),
  );
}
