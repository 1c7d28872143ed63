-- What could not be read, with enough to find it again and to read it by hand: nothing is dropped.
CREATE TABLE IF NOT EXISTS bronze.quarantine (
  _load_id       VARCHAR NOT NULL,
  _source_file   VARCHAR NOT NULL,   -- relative to the source directory
  target_table   VARCHAR NOT NULL,
  _ordinal       BIGINT,             -- record number in the file (1-based; NULL when the whole file is quarantined)
  line           BIGINT,             -- physical line where the record starts, when known
  raw_text       VARCHAR,            -- the record as text (invalid bytes shown as U+FFFD)
  raw_bytes      BLOB,               -- the record exactly as it was in the file
  error_type     VARCHAR NOT NULL,   -- MISSING_COLUMNS, TOO_MANY_COLUMNS, INVALID_UTF8, BROKEN_JSON, NOT_AN_OBJECT, UNREADABLE_FILE, …
  reason         VARCHAR NOT NULL,   -- a sentence a person can act on
  _file_sha256   VARCHAR NOT NULL,
  _logical_date  DATE,
  _ingested_at   TIMESTAMPTZ NOT NULL
);

-- Every file ever seen, per load: what it was (size, hash), where it went, and how it ended.
CREATE TABLE IF NOT EXISTS ops.file_manifest (
  path              VARCHAR NOT NULL,  -- relative to the source directory
  source_dir        VARCHAR NOT NULL,
  source_name       VARCHAR NOT NULL,  -- the reader that took it: seed_drop, widgets, reference
  target_table      VARCHAR NOT NULL,
  logical_date      DATE,
  size_bytes        BIGINT NOT NULL,
  mtime_ms          DOUBLE NOT NULL,
  sha256            VARCHAR NOT NULL,
  load_id           VARCHAR NOT NULL,
  status            VARCHAR NOT NULL,  -- SUCCESS | FAILED
  is_late           BOOLEAN NOT NULL,  -- arrived after a later day had already been loaded
  rows_loaded       BIGINT NOT NULL,
  rows_quarantined  BIGINT NOT NULL,
  loaded_at         TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (path, target_table, load_id)
);

-- One row per file and target per load attempt (formats.md §3 plus quarantine and timings).
-- Written after the load's own transaction, so a FAILED row survives the rollback it reports.
CREATE TABLE IF NOT EXISTS ops.raw_load_audit (
  load_id           VARCHAR NOT NULL,
  load_timestamp    TIMESTAMPTZ NOT NULL,
  pipeline          VARCHAR NOT NULL,
  run_id            VARCHAR NOT NULL,
  task_id           VARCHAR NOT NULL,
  logical_date      DATE,
  source_name       VARCHAR NOT NULL,
  source_file       VARCHAR NOT NULL,
  target_table      VARCHAR NOT NULL,
  rows_read         BIGINT NOT NULL,
  rows_loaded       BIGINT NOT NULL,
  rows_quarantined  BIGINT NOT NULL,
  status            VARCHAR NOT NULL,  -- SUCCESS | FAILED
  error_message     VARCHAR,
  is_late           BOOLEAN NOT NULL,
  file_sha256       VARCHAR,
  started_at        TIMESTAMPTZ NOT NULL,
  finished_at       TIMESTAMPTZ NOT NULL
);

-- The load of each file that bronze.<table>_current shows: its latest successful one.
CREATE OR REPLACE VIEW ops.current_file_loads AS
SELECT path, target_table, arg_max(load_id, loaded_at) AS load_id, max(loaded_at) AS loaded_at
FROM ops.file_manifest
WHERE status = 'SUCCESS'
GROUP BY path, target_table;
