/** What a format loader gets and gives back; the transaction around it is load-file.ts'. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceFile } from '../../sources/types.ts';
import type { Prepared } from './jsonl-direct.ts';
import type { FileScan } from './scan.ts';

export interface LoadTarget {
  conn: DuckDBConnection;
  file: SourceFile;
  scan: FileScan;
  loadId: string;
  /** This load's slice of the table (slice.ts): opened in the load's transaction. */
  slice: number;
  /** A directly readable JSON-lines file's keys, found before the transaction. */
  direct?: Prepared;
  /**
   * Other loads of this table may be open beside this one (ingest's lanes): the load must not
   * change the table (ensureBronzeTable throws NeedsExclusive instead).
   */
  shared?: boolean;
  /** No other load runs beside this one, and DuckDB has its threads (ingest's lanes). */
  alone?: boolean;
}

export interface QuarantineRecord {
  ordinal: number | null;
  line: number | null;
  raw: Buffer | null;
  errorType: string;
  reason: string;
}

export interface FormatResult {
  rowsRead: number;
  rowsLoaded: number;
  quarantined: QuarantineRecord[];
}

/** A loader's fast path met something only the careful path handles; load-file retries with it. */
export class NeedsCarefulPath extends Error {}

/**
 * A load beside others of the same table needs to change the table (a column its keys did not
 * show): load-file rolls back and the caller loads the file again with the table to itself.
 */
export class NeedsExclusive extends Error {}

/**
 * The file cannot be read record by record: load-file rolls the attempt back (a failed statement
 * aborts the transaction) and quarantines the file whole, with this error type and reason.
 */
export class QuarantineWholeFile extends Error {
  constructor(
    readonly errorType: string,
    reason: string,
  ) {
    super(reason);
  }
}
