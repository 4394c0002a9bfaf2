-- Posts whose author and owners have been told that the relay refused copies for good (postgresql). Keep
-- in step with the other store's V7__refusal_notices.sql. One row per post, put in by the relay
-- job that first met a refusal, in the transaction that queues the notice: so each post gets one
-- notice however many of its copies, batches or retries the relay refuses (issue 16, item 15).
CREATE TABLE refusal_notices (
  post_id     BIGINT  PRIMARY KEY,
  created_at  BIGINT  NOT NULL
);
