-- The inbox becomes the intake: a delivery is stored with its raw signed body and signature before it is
-- answered, and processed afterwards by a worker (src/intake/). What is processed is verified again from
-- the stored body, so a row written by hand is not a delivery.
ALTER TABLE gate_inbox ADD COLUMN IF NOT EXISTS raw_body TEXT;
ALTER TABLE gate_inbox ADD COLUMN IF NOT EXISTS signature TEXT;
-- Events of one stream (one PR, or one repository for repository-wide events) are applied in arrival
-- order, across every replica: a delivery is leased only when no earlier delivery of its stream is pending.
ALTER TABLE gate_inbox ADD COLUMN IF NOT EXISTS stream TEXT NOT NULL DEFAULT '';
-- A worker holds a delivery until lease_until; if it dies, any replica takes the delivery over then.
ALTER TABLE gate_inbox ADD COLUMN IF NOT EXISTS lease_until TIMESTAMPTZ;
-- A failed delivery is retried with backoff, then parked: kept, visible, retryable by hand.
ALTER TABLE gate_inbox ADD COLUMN IF NOT EXISTS next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE gate_inbox ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE gate_inbox DROP CONSTRAINT IF EXISTS gate_inbox_state_check;
ALTER TABLE gate_inbox ADD CONSTRAINT gate_inbox_state_check CHECK (state IN ('pending', 'done', 'failed', 'parked'));
-- Rows from before signed intake cannot be verified again: parked, with the reason.
UPDATE gate_inbox SET state = 'parked', last_error = 'recorded before signed intake: no signed body to verify'
  WHERE state <> 'done' AND raw_body IS NULL;
CREATE INDEX IF NOT EXISTS gate_inbox_stream_pending ON gate_inbox (stream, arrival) WHERE state = 'pending';
