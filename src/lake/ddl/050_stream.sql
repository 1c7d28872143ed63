-- Stream ingestion's position: the last stream sequence each durable consumer committed to bronze,
-- written in the same transaction as the rows (exactly once: on restart everything ≤ last_seq is
-- skipped, and the consumer is repositioned from here). stream_created tells a recreated stream.
CREATE TABLE IF NOT EXISTS ops.stream_offsets (
  stream           VARCHAR NOT NULL,
  consumer         VARCHAR NOT NULL,
  target_table     VARCHAR NOT NULL,
  last_seq         BIGINT NOT NULL,
  last_published   TIMESTAMPTZ,        -- broker time of the message at last_seq
  stream_created   VARCHAR,            -- the stream's creation time when last_seq was committed
  events           BIGINT NOT NULL,    -- messages committed (loaded + quarantined), all time
  quarantined      BIGINT NOT NULL,
  batches          BIGINT NOT NULL,
  updated_at       TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (stream, consumer)
);
