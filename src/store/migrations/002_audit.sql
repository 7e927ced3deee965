-- The audit trail: every decision of the gate, hash-chained (src/audit/record.ts). Append-only.
--
-- seq is assigned by the store as the last seq + 1 while it holds the audit advisory lock, not by a
-- sequence: a sequence skips numbers when a transaction rolls back, and a gap must only ever mean that a
-- record was removed. prev_hash is unique, so even a writer that ignored the lock could not fork the
-- chain: two records can never follow the same one.
CREATE TABLE IF NOT EXISTS audit_records (
  seq        BIGINT      PRIMARY KEY CHECK (seq > 0),
  id         UUID        NOT NULL UNIQUE,
  kind       TEXT        NOT NULL,
  actor      TEXT        NOT NULL,
  at         TIMESTAMPTZ NOT NULL,
  repo       TEXT        NOT NULL,
  pr         INTEGER,
  head_sha   TEXT,
  config_sha TEXT,
  data       JSONB       NOT NULL,
  prev_hash  TEXT        NOT NULL UNIQUE CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash       TEXT        NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
-- A repository's records by time (audit pages), a PR's trail, and a repository's records in chain order
-- (the export's keyset pages: WHERE repo = $1 AND seq > $2 ORDER BY seq).
CREATE INDEX IF NOT EXISTS audit_records_repo_at ON audit_records (repo, at);
CREATE INDEX IF NOT EXISTS audit_records_repo_pr ON audit_records (repo, pr, seq);
CREATE INDEX IF NOT EXISTS audit_records_repo_seq ON audit_records (repo, seq);

-- The gate never edits or removes a record: refuse it in the database too, TRUNCATE included (a row
-- trigger does not see it).
CREATE OR REPLACE FUNCTION audit_records_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_records is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_records_no_change ON audit_records;
CREATE TRIGGER audit_records_no_change BEFORE UPDATE OR DELETE ON audit_records
  FOR EACH ROW EXECUTE FUNCTION audit_records_append_only();
DROP TRIGGER IF EXISTS audit_records_no_truncate ON audit_records;
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
  FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();
