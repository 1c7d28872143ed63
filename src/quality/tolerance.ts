/** `--tolerance`: default exact counts and 1e-6 relative on decimals; `2%` (the seed's rule) or `0.02` for all. */
export interface Tolerance {
  counts: number;
  decimals: number;
  label: string;
}

export const DEFAULT_TOLERANCE: Tolerance = {
  counts: 0,
  decimals: 1e-6,
  label: 'exact counts, 1e-6 relative on decimals',
};

export function parseTolerance(text: string | undefined): Tolerance {
  if (!text) return DEFAULT_TOLERANCE;
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!m) throw new Error(`--tolerance must be a number or a percentage like 2%, got "${text}"`);
  const rel = Number(m[1]) / (m[2] ? 100 : 1);
  return { counts: rel, decimals: rel, label: `${m[1]}${m[2]} relative on every metric` };
}

/** Within tolerance: |a − e| ≤ rel × max(|e|, tiny) (a relative rule, absolute near zero). */
export function within(expected: number, actual: number, rel: number): boolean {
  const scale = Math.max(Math.abs(expected), 1e-9);
  return Math.abs(actual - expected) <= rel * scale + 1e-12;
}
