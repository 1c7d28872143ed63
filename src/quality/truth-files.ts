/**
 * Ground truth as written by any generator in the seed's layout: `ground_truth/<date>/truth.json`.
 * Only the seed's keys are required; ironworks' additions are compared when present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATE_RE, TRUTH_DIR, TRUTH_FILE } from '../contracts/layout.ts';
import { type DayTruth, dayTruth } from '../contracts/truth.ts';

export class TruthError extends Error {}

export interface TruthSet {
  dir: string;
  days: DayTruth[];
  /** Top-level keys seen in the files, to tell which metric families a generator provides. */
  keys: Set<string>;
}

export function readTruth(sourceDir: string, truthDir?: string): TruthSet {
  const dir = truthDir ?? join(sourceDir, TRUTH_DIR);
  if (!existsSync(dir))
    throw new TruthError(`${dir}: no ground truth here (expected ${TRUTH_DIR}/<YYYY-MM-DD>/${TRUTH_FILE})`);
  const days: DayTruth[] = [];
  const keys = new Set<string>();
  for (const d of readdirSync(dir)
    .filter((x) => DATE_RE.test(x))
    .sort()) {
    const file = join(dir, d, TRUTH_FILE);
    if (!existsSync(file)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new TruthError(`${file}: not valid JSON (${(e as Error).message})`);
    }
    const parsed = dayTruth.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TruthError(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    for (const k of Object.keys(raw as object)) keys.add(k);
    days.push(parsed.data);
  }
  if (days.length === 0) throw new TruthError(`${dir}: no truth.json files`);
  return { dir, days, keys };
}
