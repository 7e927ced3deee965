import { afterEach, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWebhookIntake } from "../../src/intake/webhook-intake.js";
import { InboxWorker, type VerifiedDelivery } from "../../src/intake/worker.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { freePort } from "../simulator/free-port.js";
import { signPayload } from "../simulator/webhook.js";

const SECRET = "intake-secret";
const silent = { info() {}, warn() {}, error() {} };
const payload = (n: number) => ({ action: "opened", repository: { full_name: "acme/eprescribe" }, pull_request: { number: n } });

/** The intake on a real HTTP server, with a worker whose processing the test controls. */
async function start(store: SqlStore, process: (d: VerifiedDelivery) => Promise<void>, maxBytes?: number) {
  const worker = new InboxWorker({ inbox: store, secret: SECRET, process, log: silent, pollMs: 20, backoffMs: () => 0 });
  const intake = createWebhookIntake({
    path: "/api/github/webhooks",
    secret: SECRET,
    inbox: store,
    events: new Set(["pull_request"]),
    stored: () => worker.wake(),
    log: silent,
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });
  const server: Server = createServer((req, res) => void intake(req, res).then((done) => done || res.writeHead(404).end()));
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const url = `http://127.0.0.1:${port}/api/github/webhooks`;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": "d-1",
        "x-hub-signature-256": signPayload(SECRET, body),
        ...headers,
      },
      body,
    });
  return { worker, post, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("Durable intake: stored, answered at once, processed after the answer", () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it("answers a delivery before its processing ends (a handler that blocks does not hold the answer)", async () => {
    const store = await openPgliteStore();
    cleanup.push(() => store.close());
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const processed: string[] = [];
    const app = await start(store, async (d) => {
      await blocked;
      processed.push(d.id);
    });
    cleanup.push(
      app.close,
      () => app.worker.stop(),
      () => release(),
    );
    app.worker.start();
    const body = JSON.stringify(payload(1));
    const response = await app.post(body);
    expect(response.status).toBe(202);
    expect(processed).toEqual([]); // answered while the handler is still blocked
    release();
    for (let i = 0; i < 100 && processed.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(processed).toEqual(["d-1"]);
  });

  it("a redelivery is answered 2xx and processed no second time", async () => {
    const store = await openPgliteStore();
    cleanup.push(() => store.close());
    const processed: string[] = [];
    const app = await start(store, async (d) => void processed.push(d.id));
    cleanup.push(app.close);
    const body = JSON.stringify(payload(1));
    expect((await app.post(body)).status).toBe(202);
    expect(await app.worker.drain()).toBe(1);
    expect((await app.post(body)).status).toBe(200);
    expect(await app.worker.drain()).toBe(0);
    expect(processed).toEqual(["d-1"]);
  });

  it("refuses, without storing, what is unsigned, wrongly signed, too large, or not JSON; answers unused events without storing", async () => {
    const store = await openPgliteStore();
    cleanup.push(() => store.close());
    const app = await start(store, async () => undefined, 1_000);
    cleanup.push(app.close);
    const body = JSON.stringify(payload(1));
    expect((await app.post(body, { "x-hub-signature-256": signPayload("wrong", body) })).status).toBe(401);
    expect((await app.post(body, { "x-hub-signature-256": "" })).status).toBe(400);
    const big = JSON.stringify({ ...payload(1), padding: "x".repeat(2_000) });
    expect((await app.post(big)).status).toBe(413);
    expect((await app.post("not json")).status).toBe(400);
    expect((await app.post(body, { "x-github-event": "star" })).status).toBe(200);
    expect(await store.stats()).toEqual({ pending: 0, parked: 0, oldestPendingAt: undefined });
  });

  it("a row written into the inbox by hand is not a delivery: parked, never processed", async () => {
    const store = await openPgliteStore();
    cleanup.push(() => store.close());
    const processed: string[] = [];
    const app = await start(store, async (d) => void processed.push(d.id));
    cleanup.push(app.close);
    const body = JSON.stringify(payload(2));
    await store.enqueue({
      id: "forged-1",
      name: "pull_request",
      rawBody: body,
      signature: signPayload("guessed", body),
      stream: "acme/eprescribe#2",
    });
    await store.enqueue({ id: "forged-2", name: "pull_request", rawBody: body, signature: "", stream: "acme/eprescribe#2" });
    await app.worker.drain();
    expect(processed).toEqual([]);
    expect((await store.stats()).parked).toBe(2);
  });

  it("a failing delivery is retried, then parked after its last attempt", async () => {
    const store = await openPgliteStore();
    cleanup.push(() => store.close());
    let attempts = 0;
    const app = await start(store, async () => {
      attempts++;
      throw new Error("GitHub API error (HTTP 502)");
    });
    cleanup.push(app.close);
    expect((await app.post(JSON.stringify(payload(3)))).status).toBe(202);
    await app.worker.drain();
    expect(attempts).toBe(5);
    expect(await store.stats()).toMatchObject({ pending: 0, parked: 1 });
  });

  it("a delivery answered 2xx and then lost to a crash is processed after the restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "csg-intake-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await openPgliteStore(dir);
    const app = await start(first, async () => {
      throw new Error("the process dies before it gets here");
    });
    expect((await app.post(JSON.stringify(payload(4)))).status).toBe(202);
    // The worker never ran: the process stopped right after answering.
    await app.close();
    await first.close();

    const second = await openPgliteStore(dir);
    cleanup.push(() => second.close());
    const processed: string[] = [];
    const restarted = await start(second, async (d) => void processed.push(d.id));
    cleanup.push(restarted.close);
    expect(await restarted.worker.drain()).toBe(1);
    expect(processed).toEqual(["d-1"]);
  });
});
