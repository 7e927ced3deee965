import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { sign } from "@octokit/webhooks-methods";
import { APP_EVENTS } from "../../src/app.js";
import { internalQueue, internalSecret, SIGNATURE_EVENT, type SignaturePayload } from "../../src/intake/internal-delivery.js";
import { InboxWorker, type VerifiedDelivery } from "../../src/intake/worker.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import type { SqlStore } from "../../src/store/sql-store.js";

/**
 * A signature from the audit page travels through the inbox as the service's own delivery: in its PR's
 * stream (after that PR's earlier webhooks), signed with a key of its own so that neither a webhook's
 * signature nor the webhook secret itself makes one.
 */
const SECRET = "intake-secret";
const silent = { info() {}, warn() {}, error() {} };

const signature = (n: number): SignaturePayload => ({
  repository: { full_name: "acme/eprescribe", name: "eprescribe", owner: { login: "acme" }, default_branch: "main" },
  installation: { id: 1 },
  pull_request: { number: n },
  signature: {
    id: `id-${n}`,
    actor: "cleo",
    role: "cso",
    headSha: "a".repeat(40),
    at: "2026-11-23T09:01:00.000Z",
    signedInAt: "2026-11-23T09:00:00.000Z",
  },
});

describe("internal deliveries: a signature from the audit page", () => {
  let store: SqlStore;
  beforeAll(async () => {
    store = await openPgliteStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("is processed in its PR's stream after the PR's earlier webhook, verified with its own key", async () => {
    const processed: string[] = [];
    const worker = new InboxWorker({
      inbox: store,
      secret: SECRET,
      process: async (d: VerifiedDelivery) => void processed.push(d.name),
      log: silent,
    });
    const webhook = JSON.stringify({ action: "synchronize", repository: { full_name: "acme/eprescribe" }, pull_request: { number: 7 } });
    await store.enqueue({ id: "gh-1", name: "pull_request", rawBody: webhook, signature: await sign(SECRET, webhook), stream: "acme/eprescribe#7" });
    let woken = 0;
    const id = await internalQueue(store, SECRET, () => woken++).enqueueSignature(signature(7));
    expect([id.startsWith("internal-"), woken]).toEqual([true, 1]);
    await worker.drain();
    expect(processed).toEqual(["pull_request", SIGNATURE_EVENT]);
  });

  it("parks one signed with the webhook secret itself: only the service's own key makes a signature", async () => {
    const processed: string[] = [];
    const worker = new InboxWorker({ inbox: store, secret: SECRET, process: async (d) => void processed.push(d.id), log: silent });
    const body = JSON.stringify(signature(8));
    await store.enqueue({ id: "forged", name: SIGNATURE_EVENT, rawBody: body, signature: await sign(SECRET, body), stream: "acme/eprescribe#8" });
    await worker.drain();
    expect(processed).toEqual([]);
    expect((await store.stats()).parked).toBe(1);
  });

  it("is never one of the events the webhook intake stores, so no webhook can pose as one", () => {
    expect(APP_EVENTS.has(SIGNATURE_EVENT)).toBe(false);
  });

  it("derives its key from the webhook secret, and it differs from it", () => {
    expect(internalSecret(SECRET)).toMatch(/^[0-9a-f]{64}$/);
    expect(internalSecret(SECRET)).not.toBe(SECRET);
    expect(internalSecret("another")).not.toBe(internalSecret(SECRET));
  });
});
