/**
 * What a pipeline-bench child prints on stdout, one JSON line per stage and one when done, and what
 * the parent reads back. Progress goes to stderr.
 */

/** How many of the slowest models / mismatches a row names. */
export const TOP = 5;

export interface StageLine {
  kind: 'stage';
  stage: string;
  seconds: number;
  /** What the stage says it did, one line. */
  summary: string;
  /** Rows the stage handled (read, built, compared, published: see the summary). */
  rows: number | null;
  /** Slowest parts, "name 12.3 s", for where the time goes. */
  slowest: string[];
  rssBytes: number;
  /** Peak RSS of the child so far. */
  maxRssBytes: number;
  extra: Record<string, number | string | boolean | null | string[]>;
}

export interface DoneLine {
  kind: 'done';
  seconds: number;
  maxRssBytes: number;
  cpuUserSeconds: number;
  cpuSystemSeconds: number;
  duckdb: { threads: string; memoryLimit: string };
}

export type Line = StageLine | DoneLine;

/** A stage's own result, before the child adds its name, time and memory. */
export type StageResult = Omit<StageLine, 'kind' | 'stage' | 'seconds' | 'rssBytes' | 'maxRssBytes'>;
