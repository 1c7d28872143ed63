-- Bronze is stored slim: bronze_store.<table> holds, per record, the source columns, _slice and
-- _ordinal; what every record of one write shares (its load, file, hash, day, time) is one row of
-- ops.bronze_slices. The views bronze.<table> and bronze.<table>_current join the two back into the
-- documented shape. (Copying five constant columns into every row cost about a fifth of a large
-- file's load.)
CREATE SCHEMA IF NOT EXISTS bronze_store;

CREATE SEQUENCE IF NOT EXISTS ops.bronze_slice_seq;

-- One write into a bronze table: a file's load, or one stream batch's events from one drop file.
CREATE TABLE IF NOT EXISTS ops.bronze_slices (
  slice_id      BIGINT PRIMARY KEY,
  target_table  VARCHAR NOT NULL,
  load_id       VARCHAR NOT NULL,
  source_file   VARCHAR NOT NULL,   -- relative to the source directory (a stream: the drop file it names)
  file_sha256   VARCHAR,            -- NULL for stream events
  logical_date  DATE,
  ingested_at   TIMESTAMPTZ NOT NULL
);
