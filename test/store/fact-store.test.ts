import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Fact } from "../../src/core/types.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import type { FactStore } from "../../src/store/port.js";
import type { SqlStore } from "../../src/store/sql-store.js";

/**
 * The same suite against embedded PGlite (always) and the real PostgreSQL when TEST_DATABASE_URL is set
 * (CI sets it), so the one SQL is proven on both.
 */
const backends: [string, () => Promise<SqlStore>][] = [["PGlite", () => openPgliteStore()]];
if (process.env.TEST_DATABASE_URL) backends.push(["PostgreSQL", () => openPostgresStore(process.env.TEST_DATABASE_URL as string)]);

const fact = (n: number, kind: Fact["kind"] = "sign-off"): Fact =>
  kind === "sign-off"
    ? { kind, role: "cso", actor: `user${n}`, at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(), headSha: "a".repeat(40) }
    : { kind: "revoke", actor: `user${n}`, at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(), headSha: "a".repeat(40) };

describe.each(backends)("fact store on %s", (_name, open) => {
  let store: SqlStore & FactStore;
  // Each run uses its own repo name so runs against a shared PostgreSQL never see each other's rows.
  const repo = `acme/${randomUUID()}`;

  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });

  it("returns a PR's facts in the order they were appended, and only that PR's", async () => {
    await store.append({ repo, number: 1 }, [fact(1), fact(2, "revoke")]);
    await store.append({ repo, number: 2 }, [fact(3)]);
    await store.append({ repo, number: 1 }, [fact(4)]);
    expect(await store.facts({ repo, number: 1 })).toEqual([fact(1), fact(2, "revoke"), fact(4)]);
    expect(await store.facts({ repo, number: 2 })).toEqual([fact(3)]);
    expect(await store.facts({ repo, number: 3 })).toEqual([]);
  });

  it("claims a delivery once: a redelivery is recognised", async () => {
    const id = randomUUID();
    expect(await store.claimDelivery(id)).toBe(true);
    expect(await store.claimDelivery(id)).toBe(false);
    expect(await store.claimDelivery(randomUUID())).toBe(true);
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

  it("skips a fact whose source (delivery and command) is already stored", async () => {
    const key = { repo, number: 40 };
    const sourced = { ...fact(41), source: `${repo}#0` };
    await store.append(key, [sourced]);
    await store.append(key, [sourced, { ...fact(42), source: `${repo}#1` }]);
    expect((await store.facts(key)).map((f) => f.source)).toEqual([`${repo}#0`, `${repo}#1`]);
  });

  it("migrates again without harm (every replica runs migrations at start-up)", async () => {
    await store.migrate();
    expect((await store.facts({ repo, number: 1 })).length).toBe(3);
    expect((await store.facts({ repo, number: 40 })).length).toBe(2);
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

describe("the database refuses to change a fact", () => {
  it.each(["UPDATE gate_facts SET actor = 'mallory'", "DELETE FROM gate_facts"])("PGlite: %s", async (sql) => {
    const store = await openPgliteStore();
    await store.append({ repo: "acme/x", number: 1 }, [fact(1)]);
    // Reach past the store, as an attacker with database access would.
    const db = (store as unknown as { db: { exec(sql: string): Promise<void> } }).db;
    await expect(db.exec(sql)).rejects.toThrow(/append-only/);
    expect(await store.facts({ repo: "acme/x", number: 1 })).toEqual([fact(1)]);
    await store.close();
  });

  const url = process.env.TEST_DATABASE_URL;
  (url ? it : it.skip)("PostgreSQL: UPDATE and DELETE", async () => {
    const store = await openPostgresStore(url as string);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await expect(client.query("UPDATE gate_facts SET actor = 'mallory'")).rejects.toThrow(/append-only/);
      await expect(client.query("DELETE FROM gate_facts")).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
      await store.close();
    }
  });
});
