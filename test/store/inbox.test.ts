import { afterEach, describe, expect, it } from "@jest/globals";
import { openPgliteStore } from "../../src/store/pglite.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import type { SignedDelivery } from "../../src/store/port.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { POSTGRES_URL, scratchPostgres, type ScratchDatabase } from "../audit/databases.js";

/**
 * The inbox on embedded PGlite and, when TEST_DATABASE_URL is set, on a scratch PostgreSQL database of its
 * own (leasing takes the oldest delivery of the whole inbox, so a shared database would mix test runs).
 */
const backends: [string, () => Promise<{ open: () => Promise<SqlStore>; drop: () => Promise<void> }>][] = [
  [
    "PGlite",
    async () => {
      const store = await openPgliteStore();
      return { open: async () => store, drop: async () => undefined };
    },
  ],
];
if (POSTGRES_URL) {
  backends.push([
    "PostgreSQL",
    async () => {
      const db: ScratchDatabase = await scratchPostgres();
      return { open: () => openPostgresStore(db.url), drop: () => db.drop() };
    },
  ]);
}

const delivery = (id: string, stream: string): SignedDelivery => ({
  id,
  name: "pull_request",
  rawBody: `{"id":"${id}"}`,
  signature: "sha256=00",
  stream,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends)("the delivery inbox on %s", (_name, database) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  async function inbox(): Promise<{ store: SqlStore; open: () => Promise<SqlStore> }> {
    const db = await database();
    const store = await db.open();
    cleanup.push(db.drop, () => store.close());
    return {
      store,
      open: async () => {
        const other = await db.open();
        if (other !== store) cleanup.push(() => other.close());
        return other;
      },
    };
  }

  it("stores a delivery once: a redelivery of a queued or processed one changes nothing", async () => {
    const { store } = await inbox();
    expect(await store.enqueue(delivery("d1", "acme/a#1"))).toBe(true);
    expect(await store.enqueue(delivery("d1", "acme/a#1"))).toBe(false);
    const leased = await store.lease(30_000);
    expect(leased).toMatchObject({ id: "d1", name: "pull_request", rawBody: '{"id":"d1"}', signature: "sha256=00", stream: "acme/a#1", attempts: 1 });
    await store.complete("d1");
    expect(await store.enqueue(delivery("d1", "acme/a#1"))).toBe(false);
    expect(await store.lease(30_000)).toBeUndefined();
    expect(await store.stats()).toEqual({ pending: 0, parked: 0, oldestPendingAt: undefined });
  });

  it("hands out one delivery of a stream at a time, in arrival order; other streams in parallel", async () => {
    const { store } = await inbox();
    for (const [id, stream] of [
      ["a1", "acme/a#1"],
      ["a2", "acme/a#1"],
      ["b1", "acme/a#2"],
      ["a3", "acme/a#1"],
    ] as const) {
      await store.enqueue(delivery(id, stream));
    }
    const first = await store.lease(30_000);
    const second = await store.lease(30_000);
    expect([first?.id, second?.id]).toEqual(["a1", "b1"]);
    // a2 waits for a1, even though a1 is only leased (perhaps by another replica), not finished.
    expect(await store.lease(30_000)).toBeUndefined();
    await store.complete("a1");
    expect((await store.lease(30_000))?.id).toBe("a2");
    await store.complete("a2");
    expect((await store.lease(30_000))?.id).toBe("a3");
  });

  it("a failed delivery waits for its retry and holds back its stream's later ones; parked, it lets them pass", async () => {
    const { store } = await inbox();
    await store.enqueue(delivery("f1", "acme/a#1"));
    await store.enqueue(delivery("f2", "acme/a#1"));
    await store.enqueue(delivery("g1", "acme/a#2"));
    expect((await store.lease(30_000))?.id).toBe("f1");
    await store.fail("f1", "GitHub API error (HTTP 502)", new Date(Date.now() + 60_000));
    expect((await store.lease(30_000))?.id).toBe("g1");
    expect(await store.lease(30_000)).toBeUndefined();
    await store.fail("f1", "GitHub API error (HTTP 502)", undefined);
    expect((await store.stats()).parked).toBe(1);
    expect((await store.lease(30_000))?.id).toBe("f2");
    await store.complete("f2");
    // Parked is kept and can be put back in line, by hand or by GitHub redelivering it.
    expect(await store.unpark("f1")).toBe(true);
    expect(await store.unpark("f1")).toBe(false);
    expect(await store.lease(30_000)).toMatchObject({ id: "f1", attempts: 1 });
    await store.fail("f1", "again", undefined);
    await store.enqueue(delivery("f1", "acme/a#1"));
    expect((await store.lease(30_000))?.id).toBe("f1");
  });

  it("a delivery whose worker died is taken over as soon as its lease expires", async () => {
    const { store } = await inbox();
    await store.enqueue(delivery("c1", "acme/a#1"));
    expect(await store.lease(50)).toMatchObject({ id: "c1", attempts: 1 });
    expect(await store.lease(50)).toBeUndefined();
    await sleep(120);
    expect(await store.lease(30_000)).toMatchObject({ id: "c1", attempts: 2 });
  });

  it("a renewed lease is not taken over", async () => {
    const { store } = await inbox();
    await store.enqueue(delivery("r1", "acme/a#1"));
    await store.lease(100);
    await store.renew("r1", 30_000);
    await sleep(150);
    expect(await store.lease(30_000)).toBeUndefined();
  });

  it("two replicas on one database apply one stream's 20 deliveries in arrival order, never two at once", async () => {
    const { store, open } = await inbox();
    const replicas = [store, await open()];
    const ids = Array.from({ length: 20 }, (_, i) => `s${String(i).padStart(2, "0")}`);
    for (const id of ids) await store.enqueue(delivery(id, "acme/a#7"));
    const applied: string[] = [];
    let inFlight = 0;
    let overlap = false;
    await Promise.all(
      replicas.map(async (replica) => {
        for (let idle = 0; idle < 200 && applied.length < ids.length;) {
          const d = await replica.lease(30_000);
          if (!d) {
            idle++;
            await sleep(5);
            continue;
          }
          inFlight++;
          if (inFlight > 1) overlap = true;
          await sleep(2);
          applied.push(d.id);
          inFlight--;
          await replica.complete(d.id);
        }
      }),
    );
    expect(overlap).toBe(false);
    expect(applied).toEqual(ids);
  });

  it("reports depth, parked count and the age of the oldest pending delivery", async () => {
    const { store } = await inbox();
    await store.enqueue(delivery("x1", "acme/a#1"));
    await store.enqueue(delivery("x2", "acme/a#2"));
    const stats = await store.stats();
    expect(stats.pending).toBe(2);
    expect(stats.parked).toBe(0);
    expect(stats.oldestPendingAt).toBeInstanceOf(Date);
  });
});
