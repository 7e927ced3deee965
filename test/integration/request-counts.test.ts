import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { deliveryStream } from "../../src/intake/stream.js";
import { InboxWorker } from "../../src/intake/worker.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import type { RecordedRequest } from "../simulator/state.js";
import { signPayload } from "../simulator/webhook.js";
import { PrDriver, startHarness, type Harness } from "./harness.js";

/** GitHub requests per event kind, counted on the simulator's log: reads answered 304 cost nothing. */
function count(requests: readonly RecordedRequest[]) {
  const relevant = requests.filter((r) => r.path !== "/app" && !r.path.endsWith("/access_tokens"));
  return {
    reads: relevant.filter((r) => r.method === "GET" && r.status !== 304).length,
    notModified: relevant.filter((r) => r.method === "GET" && r.status === 304).length,
    writes: relevant.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
  };
}

describe("What one event costs GitHub", () => {
  let h: Harness;
  let inbox: SqlStore | undefined;
  beforeEach(async () => {
    inbox = await openPgliteStore();
    h = await startHarness({ store: inbox });
  });
  afterEach(async () => {
    await h.close();
    await inbox?.close();
  });

  it("a push (synchronize), nothing else changed: at most 3 reads that are not 304, and 1 write — the new head's check", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    // The ticks made the app rewrite its comment, which changes the conversation's ETag: one more event
    // reads it afresh, so that "nothing else changed" holds for the push.
    await pr.comment("dev", "/safety recheck");
    h.gh.clearRequests();
    await pr.push();
    const c = count(h.gh.requests);
    expect(c.reads).toBeLessThanOrEqual(3);
    expect(c.writes).toEqual([`POST /repos/acme/eprescribe/check-runs`]);
  });

  it("a merge that passed the gate: at most 6 reads (the PR, its files, the other checks and statuses on its head…), no write", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    h.gh.clearRequests();
    h.gh.tick(60);
    h.gh.closePullRequest(pr.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
    const c = count(h.gh.requests);
    expect(c.writes).toEqual([]);
    // The verification evidence costs two reads more than a merge used to (4): one page of check runs and the
    // combined status.
    expect(
      h.gh.requests.filter((r) => /\/commits\/[0-9a-f]+\/(check-runs|status)$/.test(r.path)).map((r) => r.path.replace(/[0-9a-f]{40}/, "SHA")),
    ).toEqual(["/repos/acme/eprescribe/commits/SHA/check-runs", "/repos/acme/eprescribe/commits/SHA/status"]);
    expect(c.reads).toBeLessThanOrEqual(6);
  });

  it("evaluating an unchanged PR again (/safety recheck): no write at all", async () => {
    const pr = await PrDriver.open(h);
    await pr.comment("dev", "/safety recheck");
    h.gh.clearRequests();
    await pr.comment("dev", "/safety recheck");
    expect(count(h.gh.requests).writes).toEqual([]);
  });

  it("a redelivery of a processed delivery: no request at all", async () => {
    const pr = h.gh.openPullRequest({
      owner: "acme",
      repo: "eprescribe",
      title: "Dose",
      author: "dev",
      files: [{ filename: "src/prescribing/a.ts", content: "x" }],
    });
    const event = pullRequestEvent(h.gh, "opened", { owner: "acme", repo: "eprescribe", number: pr.number });
    const rawBody = JSON.stringify(event.payload);
    const delivery = {
      id: event.id,
      name: event.name,
      rawBody,
      signature: signPayload("test-secret", rawBody),
      stream: deliveryStream(event.name, event.payload),
    };
    const worker = new InboxWorker({
      inbox: inbox as SqlStore,
      secret: "test-secret",
      process: (d) => h.probot.receive(d as Parameters<Harness["probot"]["receive"]>[0]),
      log: { info() {}, warn() {}, error() {} },
    });
    expect(await (inbox as SqlStore).enqueue(delivery)).toBe(true);
    expect(await worker.drain()).toBe(1);
    h.gh.clearRequests();
    expect(await (inbox as SqlStore).enqueue(delivery)).toBe(false);
    expect(await worker.drain()).toBe(0);
    expect(h.gh.requests).toEqual([]);
  });
});
