import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { openPgliteStore } from "../../src/store/pglite.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import { SqlRevokedSessions } from "../../src/store/revoked-sessions.js";
import type { SqlStore } from "../../src/store/sql-store.js";

/**
 * The signed-out sessions of the audit pages (migration 006, hole "sessions outlive sign-out"), on embedded
 * PGlite and, when TEST_DATABASE_URL is set, on the real PostgreSQL.
 */
const backends: [string, () => Promise<SqlStore>][] = [["PGlite", () => openPgliteStore()]];
if (process.env.TEST_DATABASE_URL) backends.push(["PostgreSQL", () => openPostgresStore(process.env.TEST_DATABASE_URL as string)]);

describe.each(backends)("sessions outlive sign-out: revoked sessions on %s", (_name, open) => {
  let store: SqlStore;
  let revoked: SqlRevokedSessions;
  const now = new Date("2026-11-23T09:00:00Z");
  const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

  beforeAll(async () => {
    store = await open();
    revoked = new SqlRevokedSessions(store.driver);
  });
  afterAll(async () => {
    await store.close();
  });

  it("remembers a revoked id, and only that id", async () => {
    const id = randomUUID();
    expect(await revoked.isRevoked(id)).toBe(false);
    await revoked.revoke(id, later(8), now);
    expect(await revoked.isRevoked(id)).toBe(true);
    expect(await revoked.isRevoked(randomUUID())).toBe(false);
  });

  it("revoking twice is harmless and keeps the later expiry", async () => {
    const id = randomUUID();
    await revoked.revoke(id, later(8), now);
    await revoked.revoke(id, later(2), now);
    expect(await revoked.purge(later(3))).toBeGreaterThanOrEqual(0);
    expect(await revoked.isRevoked(id)).toBe(true);
  });

  it("purges rows once their session has expired, at the next sign-out", async () => {
    const old = randomUUID();
    const fresh = randomUUID();
    await revoked.revoke(old, later(1), now);
    await revoked.revoke(fresh, later(10), later(2));
    expect([await revoked.isRevoked(old), await revoked.isRevoked(fresh)]).toEqual([false, true]);
  });
});
