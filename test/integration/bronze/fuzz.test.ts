/**
 * Bronze under fuzzed input: a clean simulated drop (factorio, 2 days; widgets, 1 day) mutated into
 * ~2,000 small files across many day folders — truncated, cut, wrong field counts, bad UTF-8, BOMs,
 * CRLF/LF mixes, unbalanced quotes, broken and non-object JSON, blank lines, empty and header-only
 * files, binary garbage, odd and case-variant keys — plus a few big ones (5 MB fields, 20k-record
 * files with scattered bad records, a clean 30k-line file for the fast path), all ingested into a
 * real DuckDB file in one run.
 *
 * Nothing may throw or fail; every file is audited once, SUCCESS; read = loaded + quarantined
 * everywhere, and bronze and quarantine hold exactly those rows; records are numbered 1..read,
 * uniquely; where the mutator can know a file's records (every JSON-lines file; CSV and JSON arrays
 * whose structure is intact) the count, the quarantined ordinals, their exact bytes and each loaded
 * record's number (its `fz` field) must be what it wrote.
 *
 * IRONWORKS_FUZZ_SEED and IRONWORKS_FUZZ_DAYS change the corpus (for exploring; CI uses the defaults);
 * IRONWORKS_FUZZ_KEEP=1 keeps the files and the warehouse (the path is printed).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestSummary, ingest } from '../../../src/lake/ingest.ts';
import { Warehouse } from '../../../src/lake/warehouse.ts';
import { buildCorpus, cleanBases } from '../../fixtures/fuzz/build.ts';
import type { FuzzFile } from '../../fixtures/fuzz/corpus.ts';
import { removeDir, tempDir } from '../sim/helpers.ts';

const SEED = Number(process.env.IRONWORKS_FUZZ_SEED ?? 20251201);
const DAYS = Number(process.env.IRONWORKS_FUZZ_DAYS ?? 140);

/** Files are known by `<source id>/<path>`. */
const SOURCE_ID = 'fuzz';
const id = (f: FuzzFile) => `${SOURCE_ID}/${f.rel}`;
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

interface AuditRow {
  f: string;
  status: string;
  read: number;
  loaded: number;
  quarantined: number;
  error: string | null;
}
interface FileStats {
  bronze: number;
  quarantine: number;
  ordinals: number;
  distinct: number;
  lo: number | null;
  hi: number | null;
  whole: number;
}
interface QRow {
  f: string;
  ord: number | null;
  hash: string | null;
  reason: string | null;
  type: string;
}

describe('bronze ingestion of fuzzed files', () => {
  let work: string;
  let corpus: FuzzFile[];
  let byRel: Map<string, FuzzFile>;
  let summary: IngestSummary;
  let audit: AuditRow[];
  let stats: Map<string, FileStats>;
  let quarantine: QRow[];
  let fzWrong: Map<string, { n: number; first: number }>;
  let drift: { fz: string; mid: string | null; gap: string | null; last: string | null }[];
  let thrown: unknown = null;

  beforeAll(async () => {
    work = tempDir('fuzz');
    const bases = await cleanBases(join(work, 'clean'));
    corpus = buildCorpus(bases, SEED, DAYS);
    byRel = new Map(corpus.map((f) => [id(f), f]));
    const src = join(work, 'source');
    for (const f of corpus) {
      mkdirSync(dirname(join(src, f.rel)), { recursive: true });
      writeFileSync(join(src, f.rel), f.bytes);
    }
    const wh = await Warehouse.open(join(work, 'fuzz.duckdb'), 'fuzz test');
    try {
      try {
        summary = await ingest(wh, { sourceDir: src, sourceId: SOURCE_ID });
      } catch (err) {
        thrown = err;
        return;
      }
      audit = await wh.query<AuditRow>(
        `SELECT source_file AS f, status, rows_read::INT AS read, rows_loaded::INT AS loaded,
                rows_quarantined::INT AS quarantined, error_message AS error FROM ops.raw_load_audit`,
      );
      const tables = (
        await wh.query<{ t: string }>(
          `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'bronze_store'`,
        )
      ).map((r) => r.t);
      const ords = [
        ...tables.map((t) => `SELECT _source_file AS f, _ordinal AS o, 'b' AS k FROM bronze."${t}"`),
        `SELECT _source_file, _ordinal, 'q' FROM bronze.quarantine`,
      ].join(' UNION ALL ');
      stats = new Map(
        (
          await wh.query<FileStats & { f: string }>(
            `SELECT f, count(*) FILTER (WHERE k = 'b')::INT AS bronze, count(*) FILTER (WHERE k = 'q')::INT AS quarantine,
                    count(o)::INT AS ordinals, count(DISTINCT o)::INT AS distinct, min(o)::INT AS lo, max(o)::INT AS hi,
                    count(*) FILTER (WHERE k = 'q' AND o IS NULL)::INT AS whole
             FROM (${ords}) GROUP BY f`,
          )
        ).map((r) => [r.f, r]),
      );
      quarantine = await wh.query<QRow>(
        `SELECT _source_file AS f, _ordinal::INT AS ord, md5(raw_bytes) AS hash, reason, error_type AS type FROM bronze.quarantine`,
      );
      const withFz = (
        await wh.query<{ t: string }>(
          `SELECT table_name AS t FROM information_schema.columns
           WHERE table_schema = 'bronze' AND lower(column_name) = 'fz' AND table_name <> 'quarantine'`,
        )
      ).map((r) => r.t);
      drift = await wh.query(
        `SELECT fz, fz_mid AS mid, fz_gap AS gap, fz_last AS last FROM bronze.telemetry
         WHERE _source_file = '${SOURCE_ID}/raw_data/2030-12-31/telemetry.jsonl'
           AND (fz_mid IS NOT NULL OR fz_gap IS NOT NULL OR fz_last IS NOT NULL)`,
      );
      fzWrong = new Map();
      for (const t of withFz) {
        const rows = await wh.query<{ f: string; n: number; first: number }>(
          `SELECT _source_file AS f, count(*)::INT AS n, min(_ordinal)::INT AS first FROM bronze."${t}"
           WHERE TRY_CAST(fz AS BIGINT) > 0 AND TRY_CAST(fz AS BIGINT) <> _ordinal GROUP BY f`,
        );
        for (const r of rows) fzWrong.set(r.f, r);
      }
    } finally {
      await wh.close();
    }
  }, 300_000);

  afterAll(() => {
    if (process.env.IRONWORKS_FUZZ_KEEP) console.error(`fuzz: kept ${work}`);
    else removeDir(work);
  });

  /** Fails with up to 25 offending files, each with its mutations. */
  function expectNone(problems: string[], what: string) {
    const shown = problems.slice(0, 25).join('\n  ');
    expect(problems.length, `${problems.length} file(s) ${what}:\n  ${shown}`).toBe(0);
  }
  /** The file and its mutations, counted: `raw_data/…/qc_checks.csv [bad-utf8×3 bom eol-lf]`. */
  const tag = (rel: string) => {
    const counts = new Map<string, number>();
    for (const m of byRel.get(rel)?.mutations ?? []) counts.set(m, (counts.get(m) ?? 0) + 1);
    return `${rel} [${[...counts].map(([m, n]) => (n > 1 ? `${m}×${n}` : m)).join(' ')}]`;
  };

  it('ingests the whole corpus without throwing', () => {
    expect(thrown).toBeNull();
    expect(corpus.length).toBeGreaterThan(1900);
    expect(summary.unknownFiles).toEqual([]);
    expect(summary.files.length).toBe(corpus.length);
  });

  it('audits every file exactly once, SUCCESS', () => {
    const byFile = new Map<string, AuditRow[]>();
    for (const a of audit) byFile.set(a.f, [...(byFile.get(a.f) ?? []), a]);
    const problems: string[] = [];
    for (const f of corpus) {
      const rows = byFile.get(id(f)) ?? [];
      if (rows.length !== 1) problems.push(`${tag(id(f))}: ${rows.length} audit rows`);
      else if (rows[0]?.status !== 'SUCCESS')
        problems.push(`${tag(id(f))}: ${rows[0]?.status} ${rows[0]?.error}`);
    }
    expectNone(problems, 'not audited once as SUCCESS');
  });

  it('balances: read = loaded + quarantined, bronze holds loaded, quarantine holds quarantined', () => {
    const problems: string[] = [];
    for (const a of audit) {
      const s = stats.get(a.f);
      const bronze = s?.bronze ?? 0;
      const q = s?.quarantine ?? 0;
      if (a.read !== a.loaded + a.quarantined || bronze !== a.loaded || q !== a.quarantined)
        problems.push(
          `${tag(a.f)}: read ${a.read}, loaded ${a.loaded} (bronze ${bronze}), quarantined ${a.quarantined} (rows ${q})`,
        );
    }
    expectNone(problems, 'out of balance');
  });

  it('numbers records 1..rows_read, each number once', () => {
    const problems: string[] = [];
    for (const a of audit) {
      const s = stats.get(a.f);
      if (!s) continue;
      if (s.whole > 0) {
        if (s.whole !== 1 || a.read !== 1 || s.bronze !== 0 || s.quarantine !== 1)
          problems.push(`${tag(a.f)}: whole-file quarantine with read ${a.read}, ${s.bronze} loaded`);
        continue;
      }
      if (s.ordinals !== s.bronze + s.quarantine || s.distinct !== s.ordinals)
        problems.push(
          `${tag(a.f)}: ${s.ordinals} ordinals, ${s.distinct} distinct, ${s.bronze + s.quarantine} rows`,
        );
      else if (s.ordinals > 0 && ((s.lo ?? 0) < 1 || (s.hi ?? 0) > a.read))
        problems.push(`${tag(a.f)}: ordinals ${s.lo}..${s.hi}, read ${a.read}`);
    }
    expectNone(problems, 'with bad ordinals');
  });

  it('adds a column for a key first seen anywhere in a big file: in the head, between head and tail, on the last line', () => {
    expect(drift.sort((a, b) => Number(a.fz) - Number(b.fz))).toEqual([
      { fz: '15000', mid: 'here', gap: null, last: null },
      { fz: '25000', mid: null, gap: 'here', last: null },
      { fz: '30000', mid: null, gap: null, last: 'here' },
    ]);
  });

  it('keeps every quarantined record with its bytes and a reason', () => {
    const problems = quarantine
      .filter((q) => q.hash === null || !q.reason || q.reason.trim() === '' || !q.type)
      .map((q) => `${tag(q.f)}: ordinal ${q.ord} without bytes or reason`);
    expectNone(problems, 'with quarantine rows lacking bytes or a reason');
    // A file quarantined whole keeps the file itself.
    const whole = quarantine
      .filter((q) => q.ord === null)
      .filter((q) => {
        const f = byRel.get(q.f);
        return f && q.hash !== md5(f.bytes);
      })
      .map((q) => `${tag(q.f)}: whole-file quarantine does not hold the file's bytes`);
    expectNone(whole, 'quarantined whole with other bytes');
  });

  it('reads exactly the records the mutator wrote, where it can know them', () => {
    const byFile = new Map<string, QRow[]>();
    for (const q of quarantine) byFile.set(q.f, [...(byFile.get(q.f) ?? []), q]);
    const auditOf = new Map(audit.map((a) => [a.f, a]));
    const problems: string[] = [];
    let known = 0;
    for (const f of corpus) {
      const e = f.expect;
      const rel = id(f);
      const a = auditOf.get(rel);
      if (!e || !a || a.status !== 'SUCCESS') continue;
      known++;
      if (a.read !== e.records) {
        const why = (byFile.get(rel) ?? []).find((q) => q.ord === null)?.reason;
        problems.push(
          `${tag(rel)}: read ${a.read}, the file holds ${e.records} records${why ? ` (${why})` : ''}`,
        );
        continue;
      }
      const qs = byFile.get(rel) ?? [];
      const got = qs.map((q) => q.ord ?? 0).sort((x, y) => x - y);
      const want = [...e.bad.keys()].sort((x, y) => x - y);
      if (got.join() !== want.join()) {
        problems.push(`${tag(rel)}: quarantined ${fmt(got)}, broken records are ${fmt(want)}`);
        continue;
      }
      for (const q of qs) {
        const raw = e.bad.get(q.ord ?? 0);
        if (raw && q.hash !== md5(raw))
          problems.push(`${tag(rel)}: quarantined record ${q.ord} does not hold its bytes`);
      }
      const wrong = fzWrong.get(rel);
      if (wrong) problems.push(`${tag(rel)}: ${wrong.n} loaded records misnumbered, first at ${wrong.first}`);
    }
    expect(known).toBeGreaterThan(corpus.length * 0.8);
    expectNone(problems, 'read differently from what they hold');
  });
});

const fmt = (xs: number[]) =>
  xs.length > 12 ? `[${xs.slice(0, 12).join(',')},… ${xs.length}]` : `[${xs.join(',')}]`;
