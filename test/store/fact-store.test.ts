import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { openPgliteStore } from "../../src/store/pglite.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import type { FactStore } from "../../src/store/port.js";
import { migrations, type SqlStore } from "../../src/store/sql-store.js";

/**
 * The same suite against embedded PGlite (always) and the real PostgreSQL when TEST_DATABASE_URL is set
 * (CI sets it), so the one SQL is proven on both.
 */
const backends: [string, () => Promise<SqlStore>][] = [["PGlite", () => openPgliteStore()]];
if (process.env.TEST_DATABASE_URL) backends.push(["PostgreSQL", () => openPostgresStore(process.env.TEST_DATABASE_URL as string)]);

describe.each(backends)("the working-state store on %s", (_name, open) => {
  let store: SqlStore & FactStore;
  // Each run uses its own repo name so runs against a shared PostgreSQL never see each other's rows.
  const repo = `acme/${randomUUID()}`;

  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });

  it("runs evaluations of one PR one at a time, and of different PRs alongside", async () => {
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 20));
      log.push(`${name}-`);
    };
    await Promise.all([store.withPrLock({ repo, number: 1 }, job("a")), store.withPrLock({ repo, number: 1 }, job("b"))]);
    expect(log).toEqual(["a+", "a-", "b+", "b-"]);
    log.length = 0;
    await Promise.all([store.withPrLock({ repo, number: 1 }, job("a")), store.withPrLock({ repo, number: 2 }, job("b"))]);
    // Alongside: both started before either finished (which one is granted its lock first may vary).
    expect([...log.slice(0, 2)].sort()).toEqual(["a+", "b+"]);
  });

  it("remembers the check run last published on a commit, per name, and replaces it", async () => {
    const key = { repo, headSha: "a".repeat(40), name: "Clinical safety" };
    expect(await store.publishedCheck(key)).toBeUndefined();
    await store.recordPublishedCheck(key, { id: 12, hash: "h1" });
    await store.recordPublishedCheck({ ...key, name: "Other" }, { id: 13, hash: "h9" });
    await store.recordPublishedCheck(key, { id: 12, hash: "h2" });
    expect(await store.publishedCheck(key)).toEqual({ id: 12, hash: "h2" });
    expect(await store.publishedCheck({ ...key, headSha: "b".repeat(40) })).toBeUndefined();
  });

  it("migrates again without harm (every replica runs migrations at start-up)", async () => {
    await store.migrate();
    expect(await store.publishedCheck({ repo, headSha: "a".repeat(40), name: "Clinical safety" })).toEqual({ id: 12, hash: "h2" });
    // Each migration is remembered once applied, so a restart skips them all.
    const { rows } = await store.driver.query<{ name: string }>("SELECT name FROM gate_migrations ORDER BY name");
    expect(rows.map((r) => r.name)).toEqual(migrations().map((m) => m.name));
  });
});

describe("replicas sharing PostgreSQL take turns on one PR", () => {
  const url = process.env.TEST_DATABASE_URL;
  (url ? it : it.skip)("two stores (two replicas) on one database never evaluate the same PR at once", async () => {
    const [a, b] = [await openPostgresStore(url as string), await openPostgresStore(url as string)];
    const key = { repo: `acme/${randomUUID()}`, number: 1 };
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 50));
      log.push(`${name}-`);
    };
    try {
      await Promise.all([a.withPrLock(key, job("a")), b.withPrLock(key, job("b"))]);
    } finally {
      await a.close();
      await b.close();
    }
    // Whichever went first finished before the other started.
    expect([log[0]?.[0], log[1]?.[0]]).toEqual([log[0]?.[0], log[0]?.[0]]);
    expect(log).toHaveLength(4);
  });
});
