import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { GENESIS_HASH, recordHash, type AuditInput, type AuditRecord } from "../../src/audit/record.js";
import { AuditInputError } from "../../src/audit/record-input.js";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { SqlAuditStore } from "../../src/store/audit-store.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import type { SqlQueries, SqlStore } from "../../src/store/sql-store.js";
import { POSTGRES_URL, scratchPostgres, type ScratchDatabase } from "./databases.js";

/** A backend: how to open a store on a fresh database, and how to let go of that database. */
interface Backend {
  open(): Promise<SqlStore>;
  /** Opens `n` stores on one fresh database at once, as replicas starting together do. */
  replicas(n: number): Promise<SqlStore[]>;
  cleanup(): Promise<void>;
}

function pgliteBackend(): Backend {
  return {
    open: () => openPgliteStore(),
    // One process holds an embedded database: its "replicas" are concurrent callers of one store.
    replicas: async (n) => {
      const store = await openPgliteStore();
      return Array.from({ length: n }, () => store);
    },
    cleanup: async () => {},
  };
}

function postgresBackend(): Backend {
  const scratch: ScratchDatabase[] = [];
  const fresh = async () => {
    const db = await scratchPostgres();
    scratch.push(db);
    return db.url;
  };
  return {
    open: async () => openPostgresStore(await fresh()),
    replicas: async (n) => {
      const url = await fresh();
      return Promise.all(Array.from({ length: n }, () => openPostgresStore(url)));
    },
    cleanup: async () => {
      for (const db of scratch) await db.drop();
    },
  };
}

const backends: [string, () => Backend][] = [["PGlite", pgliteBackend]];
if (POSTGRES_URL) backends.push(["PostgreSQL", postgresBackend]);

const input = (repo: string, n: number, over: Partial<AuditInput> = {}): AuditInput => ({
  kind: "answer",
  actor: `user${n}`,
  at: new Date(Date.UTC(2026, 0, 1 + n, 9)).toISOString(),
  repo,
  pr: 1,
  headSha: "a".repeat(40),
  configSha: "c".repeat(40),
  data: { questionId: `q${n}`, answer: "yes" },
  ...over,
});

async function collect(records: AsyncIterable<AuditRecord>): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

describe.each(backends)("audit store on %s", (_name, makeBackend) => {
  const backend = makeBackend();
  let sql: SqlStore;
  let store: SqlAuditStore;

  beforeAll(async () => {
    sql = await backend.open();
    store = new SqlAuditStore(sql.driver);
  });
  afterAll(async () => {
    await sql.close();
    await backend.cleanup();
  });

  it("starts empty, and chains its first record to the genesis hash", async () => {
    expect(await store.latest()).toBeUndefined();
    const first = await store.append(input("acme/first", 1));
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(await store.latest()).toEqual(first);
  });

  it("chains each record to the one before it", async () => {
    const before = await store.latest();
    const a = await store.append(input("acme/chain", 1));
    const b = await store.append(input("acme/chain", 2));
    expect(a.seq).toBe((before?.seq ?? 0) + 1);
    expect(a.prevHash).toBe(before?.hash ?? GENESIS_HASH);
    expect(b).toMatchObject({ seq: a.seq + 1, prevHash: a.hash });
  });

  it("reads back exactly what it hashed, whatever the data holds", async () => {
    const data = {
      title: 'Fix "dose" rounding, =1+1 | <b> \u2028 é 🚑',
      numbers: [0, -1, 1.5, 0.1 + 0.2, 1e21, 5e-7, 2 ** 53 - 1],
      nested: { z: { b: [true, false, null], a: {} }, "odd key": [] },
    };
    const appended = await store.append(
      input("acme/roundtrip", 1, { at: "2026-03-01T10:30:00.123+01:00", pr: null, headSha: null, configSha: null, data }),
    );
    const [read] = await store.list({ repo: "acme/roundtrip", limit: 10 });
    expect(read).toEqual(appended);
    expect(read?.at).toBe("2026-03-01T09:30:00.123Z");
    expect(read?.data).toEqual(data);
    // What matters to verify: the record as read back gives the hash computed when it was written.
    expect(recordHash(appended.prevHash, read as AuditRecord)).toBe(appended.hash);
  });

  it("lists a repository's records in a time window, since included and until excluded", async () => {
    const repo = `acme/${randomUUID()}`;
    for (const n of [1, 2, 3, 4]) await store.append(input(repo, n));
    await store.append(input("acme/elsewhere", 2));
    const days = async (since?: string, until?: string) =>
      (await store.list({ repo, limit: 10, ...(since ? { since } : {}), ...(until ? { until } : {}) })).map((r) => r.actor);
    expect(await days()).toEqual(["user1", "user2", "user3", "user4"]);
    expect(await days("2026-01-03T09:00:00.000Z")).toEqual(["user2", "user3", "user4"]);
    expect(await days(undefined, "2026-01-04T09:00:00.000Z")).toEqual(["user1", "user2"]);
    expect(await days("2026-01-03T09:00:00.000Z", "2026-01-04T09:00:00.001Z")).toEqual(["user2", "user3"]);
  });

  it("lists one pull request's records", async () => {
    const repo = `acme/${randomUUID()}`;
    await store.append(input(repo, 1, { pr: 7 }));
    await store.append(input(repo, 2, { pr: 8 }));
    await store.append(input(repo, 3, { pr: 7 }));
    await store.append(input(`acme/${randomUUID()}`, 4, { pr: 7 }));
    expect((await store.list({ repo, pr: 7, limit: 10 })).map((r) => r.actor)).toEqual(["user1", "user3"]);
  });

  it("pages by seq: each page starts after the last seq of the one before", async () => {
    const repo = `acme/${randomUUID()}`;
    for (let n = 1; n <= 7; n++) await store.append(input(repo, n));
    const first = await store.list({ repo, limit: 3 });
    const second = await store.list({ repo, limit: 3, afterSeq: first[2]?.seq ?? 0 });
    const third = await store.list({ repo, limit: 3, afterSeq: second[2]?.seq ?? 0 });
    expect([first, second, third].map((page) => page.map((r) => r.actor))).toEqual([
      ["user1", "user2", "user3"],
      ["user4", "user5", "user6"],
      ["user7"],
    ]);
  });

  it.each([1, 2, 3, 500])("streams a repository's records in seq order, %i at a time", async (batch) => {
    const repo = `acme/stream-${batch}`;
    for (let n = 1; n <= 6; n++) await store.append(input(repo, n));
    const streamed = await collect(store.stream({ repo }, batch));
    expect(streamed.map((r) => r.actor)).toEqual(["user1", "user2", "user3", "user4", "user5", "user6"]);
    expect(streamed.map((r) => r.seq)).toEqual([...streamed.map((r) => r.seq)].sort((a, b) => a - b));
  });

  it("refuses a record it cannot store as given, and writes nothing", async () => {
    const before = await store.latest();
    await expect(store.append(input("acme/bad", 1, { at: "yesterday" }))).rejects.toThrow(AuditInputError);
    await expect(store.append(input("acme/bad", 1, { data: { n: NaN } }))).rejects.toThrow(AuditInputError);
    expect(await store.latest()).toEqual(before);
    const next = await store.append(input("acme/bad", 2));
    expect(next.seq).toBe((before?.seq ?? 0) + 1);
  });

  it("refuses a second record with the same id", async () => {
    const id = randomUUID();
    await store.append(input("acme/dup", 1, { id }));
    await expect(store.append(input("acme/dup", 2, { id }))).rejects.toThrow();
  });

  it.each(["UPDATE audit_records SET actor = 'mallory'", "DELETE FROM audit_records", "TRUNCATE audit_records"])(
    "refuses to change a record: %s",
    async (statement) => {
      const before = await collect(store.all());
      await expect(sql.driver.exec(statement)).rejects.toThrow(/audit_records is append-only/);
      expect(await collect(store.all())).toEqual(before);
    },
  );

  it("migrates again without harm (every replica runs migrations at start-up)", async () => {
    const before = await collect(store.all());
    await sql.migrate();
    expect(await collect(store.all())).toEqual(before);
  });

  it("keeps one unbroken chain when 50 records are appended at once by several replicas", async () => {
    const replicas = await backend.replicas(3);
    try {
      const stores = replicas.map((replica) => new SqlAuditStore(replica.driver));
      const appended = await Promise.all(
        Array.from({ length: 50 }, (_, n) => (stores[n % stores.length] as SqlAuditStore).append(input("acme/race", n))),
      );
      const all = await collect((stores[0] as SqlAuditStore).all(7));
      expect(verifyChain(all)).toMatchObject({ ok: true, count: 50 });
      expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
      expect(new Set(all.map((r) => r.id))).toEqual(new Set(appended.map((r) => r.id)));
    } finally {
      await Promise.all([...new Set(replicas)].map((replica) => replica.close()));
    }
  });

  it("verifies as one chain after everything above", async () => {
    const all = await collect(store.all(4));
    expect(verifyChain(all)).toEqual({ ok: true, count: all.length, head: all.at(-1)?.hash, headSeq: all.length });
  });
});

describe("SqlAuditStore", () => {
  it("needs a driver that runs transactions: appends are serialised in one", () => {
    const driver = { query: async () => ({ rows: [] }), exec: async () => {}, close: async () => {} };
    expect(() => new SqlAuditStore(driver)).toThrow("the audit store needs a driver that runs transactions");
  });

  it.each([0, -1, 1.5])("refuses to stream %p records at a time", async (batch) => {
    const queries = { query: async <R>() => ({ rows: [] as R[] }), exec: async () => {} };
    const driver = { ...queries, close: async () => {}, transaction: <T>(fn: (tx: SqlQueries) => Promise<T>) => fn(queries) };
    await expect(collect(new SqlAuditStore(driver).all(batch))).rejects.toThrow(RangeError);
  });
});
