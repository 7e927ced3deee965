import type { RevokedSessions } from "../../src/store/revoked-sessions.js";

/** Signed-out sessions kept in memory: for tests of the pages that do not test sign-out's revocation itself. */
export class MemoryRevokedSessions implements RevokedSessions {
  readonly revoked = new Map<string, Date>();

  async revoke(id: string, expiresAt: Date, now: Date): Promise<void> {
    for (const [other, expiry] of this.revoked) if (expiry <= now) this.revoked.delete(other);
    this.revoked.set(id, expiresAt);
  }

  async isRevoked(id: string): Promise<boolean> {
    return this.revoked.has(id);
  }
}
