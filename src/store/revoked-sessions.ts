import type { SqlQueries } from "./sql-store.js";

/**
 * The audit pages' signed-out sessions (migration 006). A session cookie is sealed and carries its own
 * expiry, so without this a copy of it would keep working until then, sign-out or not. Sign-out records the
 * session's id here; every request with a session cookie asks whether its id is revoked. Shared by every
 * replica through the database.
 */
export interface RevokedSessions {
  /**
   * Records `id` as signed out; kept until `expiresAt`, when the cookie would be refused anyway. Rows already
   * past their expiry at `now` (the caller's clock, the one session expiry is checked against) are purged.
   */
  revoke(id: string, expiresAt: Date, now: Date): Promise<void>;
  /** Whether `id` was signed out. */
  isRevoked(id: string): Promise<boolean>;
}

/** {@link RevokedSessions} on the service's SQL database (PostgreSQL or PGlite). */
export class SqlRevokedSessions implements RevokedSessions {
  constructor(private readonly db: SqlQueries) {}

  async revoke(id: string, expiresAt: Date, now: Date): Promise<void> {
    await this.db.query(
      "INSERT INTO gate_revoked_sessions (session_id, expires_at) VALUES ($1, $2) ON CONFLICT (session_id) DO UPDATE SET expires_at = GREATEST(gate_revoked_sessions.expires_at, EXCLUDED.expires_at)",
      [id, expiresAt.toISOString()],
    );
    // Rows past their session's expiry protect nothing: each sign-out clears them.
    await this.purge(now);
  }

  async isRevoked(id: string): Promise<boolean> {
    const { rows } = await this.db.query<{ one: number }>("SELECT 1 AS one FROM gate_revoked_sessions WHERE session_id = $1", [id]);
    return rows.length > 0;
  }

  /** Deletes the rows whose sessions have expired by `now`; returns how many. */
  async purge(now: Date): Promise<number> {
    const { rows } = await this.db.query<{ session_id: string }>("DELETE FROM gate_revoked_sessions WHERE expires_at <= $1 RETURNING session_id", [
      now.toISOString(),
    ]);
    return rows.length;
  }
}
