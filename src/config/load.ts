/**
 * Loading scenarios: a built-in name (`factorio`, `widgets`, `large`) or a YAML file. A file may say
 * `extends: factorio` and override parts of it. Every problem is reported with its path and line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.ts';
import { expandReplicas } from './replicas.ts';
import { type Scenario, scenarioSchema } from './scenario-schema.ts';
import { validatePlant } from './validate.ts';

export const SCENARIO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');
export const BUILTIN_SCENARIOS = ['factorio', 'widgets', 'large'] as const;

export function resolveScenarioPath(nameOrFile: string): string {
  if ((BUILTIN_SCENARIOS as readonly string[]).includes(nameOrFile))
    return join(SCENARIO_DIR, `${nameOrFile}.yaml`);
  if (existsSync(nameOrFile)) return resolve(nameOrFile);
  throw new ConfigError(nameOrFile, [
    { path: '', message: `no such scenario: expected one of ${BUILTIN_SCENARIOS.join(', ')} or a YAML file` },
  ]);
}

interface Parsed {
  data: Record<string, unknown>;
  lineOf: (path: (string | number)[]) => number | undefined;
}

function parseYaml(file: string): Parsed {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        path: '',
        line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    );
  }
  const data = doc.toJS() as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(file, [{ path: '', message: 'expected a mapping at the top level' }]);
  }
  const lineOf = (path: (string | number)[]) => {
    let node: unknown = doc.contents;
    let last: YamlNode | undefined;
    for (const key of path) {
      if (isMap(node) || isSeq(node)) {
        last = node as YamlNode;
        node = node.get(key as never, true);
      } else break;
    }
    const found = (node as YamlNode | undefined)?.range ? (node as YamlNode) : last;
    return found?.range ? lineCounter.linePos(found.range[0]).line : undefined;
  };
  return { data: data as Record<string, unknown>, lineOf };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Overrides win; mappings merge key by key; lists are replaced whole (a plant's machines are one list). */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  );
}

function toProblems(error: z.ZodError, lineOf: Parsed['lineOf']) {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    line: lineOf(issue.path as (string | number)[]),
    message: issue.message,
  }));
}

/** Loads and validates a scenario; throws ConfigError naming each problem. */
export function loadScenario(nameOrFile: string): Scenario {
  const file = resolveScenarioPath(nameOrFile);
  const { data, lineOf } = parseYaml(file);
  let merged = data;
  if (typeof data.extends === 'string') {
    const base = parseYaml(resolveScenarioPath(data.extends)).data;
    const { extends: _drop, ...rest } = data;
    merged = deepMerge(base, rest);
  }
  const result = scenarioSchema.safeParse(merged);
  if (!result.success) throw new ConfigError(file, toProblems(result.error, lineOf));
  const scenario = expandReplicas(result.data);
  const problems = validatePlant(scenario);
  if (problems.length > 0) {
    throw new ConfigError(
      file,
      problems.map((p) => ({
        ...p,
        line: lineOf(
          p.path
            .split(/[.[\]]/)
            .filter(Boolean)
            .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
        ),
      })),
    );
  }
  return scenario;
}
