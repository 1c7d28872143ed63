/**
 * Finds the files of a source directory (`raw_data/<date>/…` as `simulate --out` writes it, plus
 * `reference/`) and which reader takes each. Files no reader claims are reported, never ignored silently.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { DATE_RE, RAW_DIR, REFERENCE_DIR, RUN_MANIFEST_FILE } from '../contracts/layout.ts';
import { READERS } from './registry.ts';
import type { SourceFile } from './types.ts';

export interface Discovery {
  /** Names the source system in every file's identity, so two plants' drops never collide. */
  sourceId: string;
  files: SourceFile[];
  /** Files present but claimed by no reader (relative paths). */
  unknown: string[];
  dates: string[];
}

export class SourceDirError extends Error {}

/**
 * A source's id: given, else the factory id in simulation.json (ironworks drops), else the folder name.
 * File identities are `<source id>/<path in the folder>`.
 */
export function sourceIdOf(root: string, given?: string): string {
  if (given) return given;
  const manifest = join(root, RUN_MANIFEST_FILE);
  if (existsSync(manifest)) {
    try {
      const id = (JSON.parse(readFileSync(manifest, 'utf8')) as { factory_id?: unknown }).factory_id;
      if (typeof id === 'string' && id) return id;
    } catch {
      // Not ours: fall back to the folder name.
    }
  }
  return basename(root);
}

export function discover(
  sourceDir: string,
  opts: { date?: string; referenceDir?: string; sourceId?: string } = {},
): Discovery {
  const root = resolve(sourceDir);
  const sourceId = sourceIdOf(root, opts.sourceId);
  const raw = join(root, RAW_DIR);
  if (!existsSync(raw) || !statSync(raw).isDirectory()) {
    throw new SourceDirError(
      `${sourceDir}: no ${RAW_DIR}/ folder here (expected ${RAW_DIR}/<YYYY-MM-DD>/ as \`ironworks simulate --out\` writes)`,
    );
  }
  const rel = (p: string) => `${sourceId}/${relative(root, p).split(sep).join('/')}`;
  const files: SourceFile[] = [];
  const unknown: string[] = [];
  const allDates = readdirSync(raw)
    .filter((d) => DATE_RE.test(d) && statSync(join(raw, d)).isDirectory())
    .sort();
  for (const d of readdirSync(raw)) if (!DATE_RE.test(d)) unknown.push(rel(join(raw, d)));
  const dates = opts.date ? allDates.filter((d) => d === opts.date) : allDates;
  if (opts.date && dates.length === 0)
    throw new SourceDirError(`${sourceDir}: no drop for ${opts.date} under ${RAW_DIR}/`);

  for (const date of dates) {
    const dir = join(raw, date);
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (!statSync(abs).isFile()) continue;
      const hit = claim(name, 'day');
      if (!hit) unknown.push(rel(abs));
      else
        files.push({
          source: hit.source,
          absPath: abs,
          relPath: rel(abs),
          table: hit.table,
          format: hit.format,
          logicalDate: date,
        });
    }
  }

  const refDir = opts.referenceDir ? resolve(opts.referenceDir) : join(root, REFERENCE_DIR);
  if (existsSync(refDir)) {
    for (const name of readdirSync(refDir).sort()) {
      const abs = join(refDir, name);
      if (!statSync(abs).isFile()) continue;
      const hit = claim(name, 'reference');
      const relPath = abs.startsWith(root + sep) ? rel(abs) : `${sourceId}/${REFERENCE_DIR}/${name}`;
      if (!hit) unknown.push(relPath);
      else
        files.push({
          source: hit.source,
          absPath: abs,
          relPath,
          table: hit.table,
          format: hit.format,
          logicalDate: null,
        });
    }
  }
  return { sourceId, files, unknown, dates };
}

function claim(name: string, scope: 'day' | 'reference') {
  for (const r of READERS) {
    if (r.scope !== scope) continue;
    const rule = r.rules.find((x) => x.name === name);
    if (rule) return { source: r.name, table: rule.table, format: rule.format };
  }
  return null;
}
