-- Facts remember which delivery and command wrote them, so replaying an event never applies it twice.
ALTER TABLE gate_facts ADD COLUMN IF NOT EXISTS source TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS gate_facts_source ON gate_facts (source) WHERE source IS NOT NULL;

-- Every accepted webhook delivery, kept until it has been processed: a crash mid-event loses nothing, the
-- delivery is processed again after restart (or by another replica once it is stale).
CREATE TABLE IF NOT EXISTS gate_inbox (
  delivery_id TEXT        PRIMARY KEY,
  -- Arrival order: deliveries received in the same instant are still replayed in the order they came.
  arrival     BIGSERIAL   NOT NULL,
  name        TEXT        NOT NULL,
  payload     JSONB       NOT NULL,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  state       TEXT        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  attempts    INTEGER     NOT NULL DEFAULT 0,
  last_error  TEXT,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS gate_inbox_open ON gate_inbox (updated_at) WHERE state <> 'done';
