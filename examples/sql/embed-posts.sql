-- Embeds the posts on Kafka topic 'posts' ({"id": "...", "text": "..."}) with all-MiniLM-L6-v2,
-- run inside the Flink job by the onnx model provider, and writes them with their embedding to
-- 'posts-embedded'. Run it with:
--   java -jar jobs/target/flinfer-jobs.jar sql examples/sql/embed-posts.sql

SET 'parallelism.default' = '1';
-- ML_PREDICT keeps at most this many rows in flight per slot (Flink's default is 10): keep it
-- well above 'max-batch-size', or batches never fill.
SET 'table.exec.async-ml-predict.max-concurrent-operations' = '128';

CREATE TABLE posts (
  id STRING,
  text STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'posts',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'flinfer-sql-embed-posts',
  'scan.startup.mode' = 'earliest-offset',
  -- bounded: embed what is on the topic now, then stop; drop this line to run forever
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);

CREATE TABLE posts_embedded (
  id STRING,
  text STRING,
  embedding ARRAY<FLOAT>,
  error STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'posts-embedded',
  'properties.bootstrap.servers' = 'localhost:9092',
  'format' = 'json',
  -- exactly-once needs checkpoints ('execution.checkpointing.interval') and
  -- 'sink.transactional-id-prefix'; a bounded run is fine with at-least-once
  'sink.delivery-guarantee' = 'at-least-once'
);

CREATE MODEL minilm
INPUT (text STRING)
OUTPUT (embedding ARRAY<FLOAT>, error STRING)
WITH (
  'provider' = 'onnx',
  'task' = 'embedding',
  'model' = 'all-minilm-l6-v2',
  'device' = 'auto',
  'max-batch-size' = '32',
  'max-latency' = '20ms'
);

-- A bad row (empty text, too long) gets a NULL embedding and the reason in 'error'.
INSERT INTO posts_embedded
SELECT id, text, embedding, error
FROM ML_PREDICT(TABLE posts, MODEL minilm, DESCRIPTOR(text));
