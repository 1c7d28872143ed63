/**
 * A source reader says which files it takes and the bronze table each lands in. Reading itself is
 * DuckDB's (lake/bronze): a reader is a declaration, so adding a source is a small same-shaped folder.
 */
export type SourceFormat = 'csv' | 'json-array' | 'jsonl';

export interface FileRule {
  /** File name inside a day folder (or the reference folder). */
  name: string;
  table: string;
  format: SourceFormat;
  description: string;
}

export interface SourceReader {
  /** Stable name, recorded in the manifest and audit (`seed_drop`, `widgets`, `reference`). */
  name: string;
  description: string;
  /** `day`: files under raw_data/<date>/; `reference`: files in the reference folder. */
  scope: 'day' | 'reference';
  rules: FileRule[];
}

/** A file found on disk and the reader that claimed it. */
export interface SourceFile {
  source: string;
  absPath: string;
  /** `<source id>/<path in the source folder>`: the file's identity in manifest and bronze. */
  relPath: string;
  table: string;
  format: SourceFormat;
  logicalDate: string | null;
}
