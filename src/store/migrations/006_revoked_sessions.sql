-- Audit-page sessions signed out before they expired: the id each session cookie carries, refused from then
-- on even if the cookie was copied. Kept until the session would have expired anyway (`expires_at`), then
-- purged: an expired cookie is refused by its own sealed expiry.
CREATE TABLE IF NOT EXISTS gate_revoked_sessions (
  session_id TEXT        PRIMARY KEY,
  expires_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS gate_revoked_sessions_expires_at ON gate_revoked_sessions (expires_at);
