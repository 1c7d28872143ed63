-- Orchestration: one row per pipeline run (deterministic id <pipeline>::<day>) and per task in it.
CREATE TABLE IF NOT EXISTS ops.pipeline_runs (
  run_id         VARCHAR PRIMARY KEY,
  pipeline       VARCHAR NOT NULL,
  logical_date   DATE NOT NULL,
  status         VARCHAR NOT NULL,   -- RUNNING | SUCCESS | FAILED
  started_at     TIMESTAMPTZ NOT NULL,
  finished_at    TIMESTAMPTZ,
  seconds        DOUBLE,
  error_message  VARCHAR
);

CREATE TABLE IF NOT EXISTS ops.task_runs (
  run_id         VARCHAR NOT NULL,
  task_id        VARCHAR NOT NULL,
  status         VARCHAR NOT NULL,   -- SUCCESS | FAILED | UPSTREAM_FAILED
  attempts       INTEGER NOT NULL,
  started_at     TIMESTAMPTZ NOT NULL,
  finished_at    TIMESTAMPTZ NOT NULL,
  seconds        DOUBLE NOT NULL,
  error_message  VARCHAR,
  summary        VARCHAR,
  log_excerpt    VARCHAR
);

-- What the lake holds: a content hash per published partition, so publishing rewrites only changes.
CREATE TABLE IF NOT EXISTS ops.lake_files (
  table_name    VARCHAR NOT NULL,
  part          VARCHAR NOT NULL,   -- 'event_date=YYYY-MM-DD', or '' for an unpartitioned table
  hash          VARCHAR NOT NULL,
  published_at  TIMESTAMPTZ NOT NULL
);
