-- What the gate last published as each commit's check run: its id (updated without listing the commit's
-- runs first) and a hash of its content (an evaluation that changes nothing writes nothing to GitHub).
CREATE TABLE IF NOT EXISTS gate_published_checks (
  repo         TEXT        NOT NULL,
  head_sha     TEXT        NOT NULL,
  name         TEXT        NOT NULL,
  check_run_id BIGINT      NOT NULL,
  content_hash TEXT        NOT NULL,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (repo, head_sha, name)
);
