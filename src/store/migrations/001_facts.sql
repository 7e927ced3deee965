-- Facts: what people did on a PR (answers, sign-offs, revocations, objections). Append-only.
CREATE TABLE IF NOT EXISTS gate_facts (
  id          BIGSERIAL PRIMARY KEY,
  repo        TEXT        NOT NULL,
  pr_number   INTEGER     NOT NULL,
  kind        TEXT        NOT NULL,
  actor       TEXT        NOT NULL,
  at          TIMESTAMPTZ NOT NULL,
  head_sha    TEXT        NOT NULL,
  data        JSONB       NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS gate_facts_pr ON gate_facts (repo, pr_number, id);

-- Webhook deliveries already applied: GitHub redelivers, and a command must not count twice.
CREATE TABLE IF NOT EXISTS gate_deliveries (
  delivery_id TEXT PRIMARY KEY,
  claimed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The gate never edits or deletes a fact: refuse it in the database too.
CREATE OR REPLACE FUNCTION gate_facts_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'gate_facts is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS gate_facts_no_change ON gate_facts;
CREATE TRIGGER gate_facts_no_change BEFORE UPDATE OR DELETE ON gate_facts
  FOR EACH ROW EXECUTE FUNCTION gate_facts_append_only();
