/** One-line summaries of what each pipeline stage did, with the numbers the report needs. */
import type { IngestSummary } from '../../src/lake/ingest.ts';
import type { verify } from '../../src/quality/verify.ts';
import type { BuildSummary } from '../../src/transform/runner.ts';
import { fixed, int } from '../bench.ts';
import { type StageResult, TOP } from './protocol.ts';

export const ingestRows = (s: IngestSummary) => ({
  read: s.files.reduce((n, f) => n + f.rowsRead, 0),
  loaded: s.files.reduce((n, f) => n + f.rowsLoaded, 0),
  quarantined: s.files.reduce((n, f) => n + f.rowsQuarantined, 0),
});

/** Files load side by side (src/lake/lanes.ts): no time per file, the biggest tables by rows. */
export function ingestStage(s: IngestSummary) {
  const r = ingestRows(s);
  const byTable = Object.entries(s.tables)
    .sort((a, b) => b[1].rowsRead - a[1].rowsRead)
    .slice(0, 3)
    .map(([t, x]) => `${t} ${int(x.rowsRead)}`);
  return {
    summary: `${s.loaded} files loaded, ${s.unchanged} unchanged, ${s.failed} failed, ${s.late} late; ${int(r.read)} rows read, ${int(r.loaded)} loaded, ${int(r.quarantined)} quarantined`,
    rows: r.read,
    slowest: byTable.map((x) => `rows: ${x}`),
    extra: {
      files: s.files.length,
      loaded: s.loaded,
      failed: s.failed,
      late: s.late,
      rowsLoaded: r.loaded,
      rowsQuarantined: r.quarantined,
      errors: s.files.filter((f) => f.error).map((f) => `${f.file}: ${f.error}`),
    },
  };
}

export const slowestModels = (s: BuildSummary) =>
  [...s.models]
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, TOP)
    .map((m) => `${m.model} ${fixed(m.seconds, 1)} s${m.mode ? ` (${m.mode})` : ''}`);

export function buildStage(s: BuildSummary) {
  const rows = s.models.reduce((n, m) => n + (m.rows ?? 0), 0);
  const modes = new Map<string, number>();
  for (const m of s.models) modes.set(m.mode || m.status, (modes.get(m.mode || m.status) ?? 0) + 1);
  const failures = s.models.filter((m) => m.status === 'ERROR' || m.status === 'SKIPPED');
  const secondsByMode = new Map<string, number>();
  for (const m of s.models)
    secondsByMode.set(m.mode || m.status, (secondsByMode.get(m.mode || m.status) ?? 0) + m.seconds);
  return {
    summary: `${s.models.length} models (${[...modes].map(([k, v]) => `${v} ${k}`).join(', ')}), ${s.errors} errors, ${s.skipped} skipped; ${int(rows)} rows written`,
    rows,
    slowest: slowestModels(s),
    extra: {
      models: s.models.length,
      errors: s.errors,
      skipped: s.skipped,
      failures: failures.map((m) => `${m.model}: ${m.status} ${m.error ?? ''}`),
      incrementalModelSeconds: s.models
        .filter((m) => m.materialization === 'incremental')
        .reduce((n, m) => n + m.seconds, 0),
      otherModelSeconds: s.models
        .filter((m) => m.materialization !== 'incremental')
        .reduce((n, m) => n + m.seconds, 0),
      incrementalModels: s.models.filter((m) => m.materialization === 'incremental').length,
      secondsByMode: [...secondsByMode]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${modes.get(k)} ${k} ${fixed(v, 1)} s`),
    },
  };
}

export function testStage(s: BuildSummary) {
  const tests = s.models.flatMap((m) => m.tests);
  const notPassing = tests.filter((t) => t.status !== 'PASS');
  return {
    summary: `${tests.length} tests: ${tests.length - notPassing.length} passed, ${s.testsFailed} failed (error), ${s.testsWarned} warned`,
    rows: null,
    slowest: slowestModels(s).map((x) => x.replace(/ \(.*\)$/, '')),
    extra: {
      tests: tests.length,
      failed: s.testsFailed,
      warned: s.testsWarned,
      notPassing: notPassing.map(
        (t) =>
          `${t.severity} ${t.name}: ${t.status}${t.error ? ` ${t.error.split('\n')[0]}` : ` ${t.failing} failing`}`,
      ),
    },
  };
}

/**
 * Per gold table: row count and an order-independent hash of its rows, floating-point columns
 * taken to 9 significant digits (a parallel SUM of doubles differs in its last bits from run to
 * run, so two full builds of the same data are not bit-identical either).
/** Verify's result: counts, mismatches by status and metric, the first few, chaos scores not at 1. */
export function verifyStage(r: Awaited<ReturnType<typeof verify>>): StageResult {
  const chaosShort = (r.chaos ?? [])
    .filter((c) => c.scored && (c.precision !== 1 || c.recall !== 1))
    .map(
      (c) =>
        `${c.type}: precision ${c.precision === null ? '—' : fixed(c.precision, 3)}, recall ${c.recall === null ? '—' : fixed(c.recall, 3)} (${c.injected} injected, ${c.detected} detected)`,
    );
  const f = (x: number | null) => (x === null ? 'null' : String(Math.round(x * 1e6) / 1e6));
  const statuses = new Map<string, number>();
  for (const m of r.mismatched) statuses.set(m.status, (statuses.get(m.status) ?? 0) + 1);
  const families = new Map<string, number>();
  for (const m of r.mismatched) {
    const k = `${m.entityType}:${m.metric}`;
    families.set(k, (families.get(k) ?? 0) + 1);
  }
  return {
    summary: `${r.ok ? 'OK' : 'FAILED'}: ${r.days} days, ${int(r.compared)} metrics compared, ${int(r.matched)} match, ${int(r.mismatched.length)} differ`,
    rows: r.compared,
    slowest: [],
    extra: {
      ok: r.ok,
      days: r.days,
      compared: r.compared,
      matched: r.matched,
      differ: r.mismatched.length,
      byStatus: [...statuses].map(([k, v]) => `${k} ${v}`),
      byMetric: [...families]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, v]) => `${k} ${v}`),
      first: r.mismatched
        .slice(0, TOP)
        .map(
          (m) =>
            `${m.day} ${m.entityType}:${m.entity} ${m.metric} expected ${f(m.expected)} got ${f(m.actual)} (${m.status})`,
        ),
      notCompared: r.notCompared,
      chaosImperfect: chaosShort,
      chaosScored: (r.chaos ?? []).filter((c) => c.scored).length,
    },
  };
}
