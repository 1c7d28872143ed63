-- The model runner's records: a row per model per invocation, and data-quality results (formats.md §3).
CREATE TABLE IF NOT EXISTS ops.model_runs (
  invocation_id    VARCHAR NOT NULL,
  model            VARCHAR NOT NULL,
  relation         VARCHAR NOT NULL,
  materialization  VARCHAR NOT NULL,
  mode             VARCHAR NOT NULL,   -- full | incremental | up_to_date | view | snapshot
  status           VARCHAR NOT NULL,   -- SUCCESS | ERROR | SKIPPED
  rows_affected    BIGINT,
  affected_days    VARCHAR[],
  input_watermark  TIMESTAMPTZ,        -- newest bronze load the model has seen
  seconds          DOUBLE NOT NULL,
  error_message    VARCHAR,
  started_at       TIMESTAMPTZ NOT NULL,
  finished_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS ops.data_quality_audit (
  check_name       VARCHAR NOT NULL,
  check_timestamp  TIMESTAMPTZ NOT NULL,
  severity         VARCHAR NOT NULL,   -- WARN | ERROR
  status           VARCHAR NOT NULL,   -- PASS | FAIL | ERROR
  details          JSON,
  model            VARCHAR,
  test_type        VARCHAR,
  failing_rows     BIGINT,
  invocation_id    VARCHAR
);

-- Verification: every truth metric against gold (ironworks verify).
CREATE TABLE IF NOT EXISTS ops.reconciliation (
  verify_id     VARCHAR NOT NULL,
  factory_id    VARCHAR NOT NULL,
  day           DATE NOT NULL,
  entity_type   VARCHAR NOT NULL,   -- factory | machine | machine_shift | product | flow | buffer | qc
  entity        VARCHAR NOT NULL,
  metric        VARCHAR NOT NULL,
  expected      DOUBLE,
  actual        DOUBLE,
  abs_error     DOUBLE,
  rel_error     DOUBLE,
  status        VARCHAR NOT NULL,   -- MATCH | MISMATCH | MISSING_IN_GOLD
  verified_at   TIMESTAMPTZ NOT NULL
);

-- Monitoring state: what the bronze schemas looked like at each check, and daily null rates per column.
CREATE TABLE IF NOT EXISTS ops.schema_history (
  checked_at   TIMESTAMPTZ NOT NULL,
  table_name   VARCHAR NOT NULL,
  column_name  VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS ops.null_rates (
  day          DATE NOT NULL,
  table_name   VARCHAR NOT NULL,
  column_name  VARCHAR NOT NULL,
  rows         BIGINT NOT NULL,
  null_rate    DOUBLE NOT NULL,
  PRIMARY KEY (day, table_name, column_name)
);

-- Chaos scoring: what silver found against what the simulator injected, per type (ironworks verify).
CREATE TABLE IF NOT EXISTS ops.chaos_scores (
  verify_id    VARCHAR NOT NULL,
  factory_id   VARCHAR NOT NULL,
  chaos_type   VARCHAR NOT NULL,
  recoverable  BOOLEAN NOT NULL,
  scored       BOOLEAN NOT NULL,
  injected     BIGINT NOT NULL,
  detected     BIGINT NOT NULL,
  matched      BIGINT NOT NULL,
  precision    DOUBLE,
  recall       DOUBLE,
  scored_at    TIMESTAMPTZ NOT NULL
);
