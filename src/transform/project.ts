/**
 * A models project: `.sql` files (one model each, named by file) and YAML beside them with docs,
 * tests and sources, in the dbt way. Discovery reads files and parses text only — no SQL runs —
 * so listing and planning a hundred models takes milliseconds.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { findRefs, headerConfig } from './sql-text.ts';

export const DEFAULT_MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../models');

export const MATERIALIZATIONS = ['view', 'table', 'incremental', 'snapshot'] as const;
export type Materialization = (typeof MATERIALIZATIONS)[number];

const testSpec = z.union([z.string(), z.record(z.string(), z.unknown())]);
const columnSchema = z.object({
  name: z.string(),
  description: z.string().default(''),
  tests: z.array(testSpec).default([]),
});
const modelYaml = z.object({
  name: z.string(),
  description: z.string().default(''),
  config: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
    .default({}),
  columns: z.array(columnSchema).default([]),
  tests: z.array(testSpec).default([]),
});
const sourceYaml = z.object({
  name: z.string(),
  schema: z.string().default('bronze'),
  description: z.string().default(''),
  tables: z.array(
    z.object({
      name: z.string(),
      description: z.string().default(''),
      /** Columns the models rely on; created empty when a drop never had them (drift, other generators). */
      columns: z
        .array(z.union([z.string(), z.object({ name: z.string(), description: z.string().default('') })]))
        .default([]),
    }),
  ),
});
const yamlFile = z.object({
  models: z.array(modelYaml).default([]),
  sources: z.array(sourceYaml).default([]),
});

export type TestSpec = z.infer<typeof testSpec>;

export interface ModelConfig {
  materialized: Materialization;
  schema: string;
  /** Incremental: the plant-local day column that partitions the model. */
  partitionBy: string | null;
  lookbackDays: number;
  /** Incremental: a full build runs in batches of this many days (0: one statement). */
  batchDays: number;
  /** Snapshot: the entity key and the version timestamp. */
  uniqueKey: string[];
  updatedAt: string | null;
  tags: string[];
}

export interface Model {
  name: string;
  /** `schema.name`, as other models refer to it. */
  relation: string;
  path: string;
  /** models/<folder>: staging, intermediate, marts, snapshots. */
  folder: string;
  sql: string;
  config: ModelConfig;
  description: string;
  columns: z.infer<typeof columnSchema>[];
  tests: { column: string | null; spec: TestSpec }[];
  /** Models this one reads (relations), and sources (bronze relations). */
  dependsOn: string[];
  sources: string[];
  /**
   * Models this one's tests read (a relationships test's `to`, relations named in an expression):
   * built first, so the test never runs against a missing or stale relation. Not lineage.
   */
  testDependsOn: string[];
}

export interface SourceTable {
  source: string;
  schema: string;
  name: string;
  relation: string;
  description: string;
  columns: string[];
}

export interface Project {
  dir: string;
  models: Map<string, Model>;
  /** By relation (`silver.stg_x`). */
  byRelation: Map<string, Model>;
  sources: SourceTable[];
  macros: { path: string; sql: string }[];
}

export class ProjectError extends Error {}

const FOLDER_DEFAULTS: Record<string, { schema: string; materialized: Materialization }> = {
  staging: { schema: 'silver', materialized: 'view' },
  intermediate: { schema: 'silver', materialized: 'table' },
  marts: { schema: 'gold', materialized: 'table' },
  snapshots: { schema: 'silver', materialized: 'snapshot' },
};

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export function loadProject(dir = DEFAULT_MODELS_DIR): Project {
  const root = resolve(dir);
  const files = walk(root);
  const yamlModels = new Map<string, z.infer<typeof modelYaml>>();
  const sources: SourceTable[] = [];
  for (const f of files.filter((x) => x.endsWith('.yml') || x.endsWith('.yaml'))) {
    const parsed = yamlFile.safeParse(parseYaml(readFileSync(f, 'utf8')) ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProjectError(`${relative(process.cwd(), f)}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    for (const m of parsed.data.models) {
      if (yamlModels.has(m.name)) throw new ProjectError(`${f}: model ${m.name} is described twice`);
      yamlModels.set(m.name, m);
    }
    for (const s of parsed.data.sources) {
      for (const t of s.tables) {
        sources.push({
          source: s.name,
          schema: s.schema,
          name: t.name,
          relation: `${s.schema}.${t.name}`.toLowerCase(),
          description: t.description,
          columns: t.columns.map((c) => (typeof c === 'string' ? c : c.name)),
        });
      }
    }
  }

  const models = new Map<string, Model>();
  const macros: Project['macros'] = [];
  for (const f of files.filter((x) => x.endsWith('.sql'))) {
    const rel = relative(root, f).split(sep);
    const folder = rel[0] ?? '';
    const sql = readFileSync(f, 'utf8');
    if (folder === 'macros') {
      macros.push({ path: f, sql });
      continue;
    }
    const name = basename(f, '.sql').toLowerCase();
    if (models.has(name))
      throw new ProjectError(`two models are named ${name}: ${models.get(name)?.path} and ${f}`);
    const yml = yamlModels.get(name);
    const header = headerConfig(sql);
    const cfg = { ...(yml?.config ?? {}), ...header } as Record<string, unknown>;
    const defaults = FOLDER_DEFAULTS[folder] ?? {
      schema: 'silver',
      materialized: 'table' as Materialization,
    };
    const materialized = String(cfg.materialized ?? defaults.materialized) as Materialization;
    if (!MATERIALIZATIONS.includes(materialized))
      throw new ProjectError(`${f}: unknown materialization "${materialized}"`);
    const list = (v: unknown) =>
      Array.isArray(v)
        ? v.map(String)
        : v
          ? String(v)
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [];
    const config: ModelConfig = {
      materialized,
      schema: String(cfg.schema ?? defaults.schema),
      partitionBy: cfg.partition_by ? String(cfg.partition_by) : null,
      lookbackDays: Number(cfg.lookback_days ?? 2),
      batchDays: Number(cfg.batch_days ?? 0),
      uniqueKey: list(cfg.unique_key),
      updatedAt: cfg.updated_at ? String(cfg.updated_at) : null,
      tags: list(cfg.tags),
    };
    if (materialized === 'incremental' && !config.partitionBy)
      throw new ProjectError(`${f}: an incremental model needs partition_by (its plant-local day column)`);
    if (!Number.isInteger(config.batchDays) || config.batchDays < 0)
      throw new ProjectError(`${f}: batch_days must be a whole number of days (0: no batches)`);
    if (config.batchDays > 0 && materialized !== 'incremental')
      throw new ProjectError(`${f}: batch_days applies to incremental models only`);
    if (materialized === 'snapshot' && (config.uniqueKey.length === 0 || !config.updatedAt)) {
      throw new ProjectError(`${f}: a snapshot needs unique_key and updated_at`);
    }
    const tests: Model['tests'] = [];
    for (const c of yml?.columns ?? []) for (const t of c.tests) tests.push({ column: c.name, spec: t });
    for (const t of yml?.tests ?? []) tests.push({ column: null, spec: t });
    models.set(name, {
      name,
      relation: `${config.schema}.${name}`,
      path: f,
      folder,
      sql,
      config,
      description: yml?.description ?? '',
      columns: yml?.columns ?? [],
      tests,
      dependsOn: [],
      sources: [],
      testDependsOn: [],
    });
  }
  for (const name of yamlModels.keys()) {
    if (!models.has(name))
      throw new ProjectError(`YAML describes a model "${name}" but there is no ${name}.sql`);
  }

  const byRelation = new Map([...models.values()].map((m) => [m.relation, m]));
  for (const m of models.values()) {
    for (const r of findRefs(m.sql)) {
      const rel = `${r.schema}.${r.name}`;
      if (rel === m.relation) continue;
      if (byRelation.has(rel)) m.dependsOn.push(rel);
      else if (r.schema === 'bronze') m.sources.push(rel.replace(/_current$/, ''));
    }
    for (const t of m.tests) {
      if (typeof t.spec === 'string') continue;
      const args = Object.values(t.spec)[0] as Record<string, unknown> | undefined;
      if (!args || typeof args !== 'object') continue;
      const texts = [args.to, args.sql, args.expression, args.where].filter((x) => typeof x === 'string');
      for (const r of texts.flatMap((x) => findRefs(x as string))) {
        const rel = `${r.schema}.${r.name}`;
        if (
          rel !== m.relation &&
          byRelation.has(rel) &&
          !m.dependsOn.includes(rel) &&
          !m.testDependsOn.includes(rel)
        )
          m.testDependsOn.push(rel);
      }
    }
  }
  return {
    dir: root,
    models,
    byRelation,
    sources,
    macros: macros.sort((a, b) => a.path.localeCompare(b.path)),
  };
}
