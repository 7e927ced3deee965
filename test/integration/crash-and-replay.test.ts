import { afterEach, describe, expect, it } from "@jest/globals";
import { factsOf } from "../../src/audit/facts-from-records.js";
import { deliveryStream } from "../../src/intake/stream.js";
import { InboxWorker } from "../../src/intake/worker.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { issueCommentEvent, pullRequestEvent } from "../simulator/payloads.js";
import { signPayload } from "../simulator/webhook.js";
import { appComments, checksOnHead, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

const SECRET = "test-secret";
const silent = { info() {}, warn() {}, error() {} };

/** What the intake stores for an event: its raw body, signed as GitHub signs it. */
async function store(inbox: SqlStore, event: { id: string; name: string; payload: unknown }): Promise<void> {
  const rawBody = JSON.stringify(event.payload);
  await inbox.enqueue({
    id: event.id,
    name: event.name,
    rawBody,
    signature: signPayload(SECRET, rawBody),
    stream: deliveryStream(event.name, event.payload),
  });
}

/** The inbox worker of a process running the app of `h`. */
function workerOf(h: Harness, inbox: SqlStore): InboxWorker {
  return new InboxWorker({
    inbox,
    secret: SECRET,
    process: (d) => h.probot.receive(d as Parameters<Harness["probot"]["receive"]>[0]),
    log: silent,
    backoffMs: () => 0,
  });
}

/** A crash mid-event loses nothing: an accepted delivery is processed after restart, and applied once. */
describe("Deliveries are kept until processed", () => {
  let h: Harness;
  let inbox: SqlStore;
  afterEach(async () => {
    await h.close();
    await inbox.close();
  });

  it("a delivery received just before a crash is processed after the restart", async () => {
    inbox = await openPgliteStore();
    h = await startHarness({ store: inbox });
    const pr = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Dose",
      author: "dev",
      files: [{ filename: "src/prescribing/a.ts", content: "x" }],
    });
    // The process accepted the event (it is in the inbox, answered) and died before doing anything with it.
    await store(inbox, pullRequestEvent(h.gh, "opened", { owner: OWNER, repo: REPO, number: pr.number }));
    await h.close();

    h = await startHarness({ store: inbox, gh: h.gh }); // the restarted process: same database, same GitHub
    expect(await workerOf(h, inbox).drain()).toBe(1);
    expect(appComments(h.gh, pr.number)).toHaveLength(1);
    expect(checksOnHead(h.gh, pr.number)[0]?.conclusion).toBe("action_required");
    // Processed now: nothing left.
    expect(await workerOf(h, inbox).drain()).toBe(0);
  });

  it("a delivery that failed is retried, and its command is applied once", async () => {
    inbox = await openPgliteStore();
    h = await startHarness({ store: inbox });
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    // GitHub fails while the CSO's sign-off is being published: the sign-off is stored, the check fails.
    h.gh.failNext("PATCH", /\/check-runs\/\d+$/, 502, 1);
    h.gh.tick(60);
    const c = h.gh.addComment({ ...pr.ref, user: "cleo", body: "/safety sign-off cso" });
    await store(inbox, issueCommentEvent(h.gh, "created", { ...pr.ref, commentId: c.id, sender: "cleo" }));

    // Tried, failed, tried again: both attempts in this drain (no backoff in the test).
    expect(await workerOf(h, inbox).drain()).toBe(2);
    expect(pr.check().conclusion).toBe("success");
    const facts = factsOf(h.audit.records.filter((r) => r.pr === pr.number));
    expect(facts.filter((f) => f.kind === "sign-off" && f.actor === "cleo")).toHaveLength(1);
    // Each sign-off answered once, the retried one too.
    expect(pr.replies().map((r) => r.body.split("\n")[0])).toEqual([
      "@pat — your sign-off is recorded in the audit trail.",
      "@cleo — your sign-off is recorded in the audit trail.",
    ]);
    expect(await inbox.stats()).toMatchObject({ pending: 0, parked: 0 });
  });
});
