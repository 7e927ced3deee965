import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { POSTGRES_URL, scratchPostgres, type ScratchDatabase } from "../audit/databases.js";
import { tickInComment } from "../fixtures/checklist.js";
import { issueCommentEvent, pullRequestEvent } from "../simulator/payloads.js";
import { startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import {
  deliverUntilAccepted,
  generatePrivateKey,
  latestCheck,
  readTrail,
  refusalReplies,
  signOffReplies,
  sleep,
  startApp,
  stickies,
  waitForEmptyInbox,
  type AppProcess,
  type WebhookEvent,
} from "./process-harness.js";
import { OWNER, REPO, scriptedGitHub } from "./pr-script.js";

/**
 * Two replicas of the real process on one PostgreSQL database. A burst of 20 deliveries for one PR —
 * pushes, checklist ticks, sign-offs, rechecks — is posted to the two in turn, each right after the
 * previous one was answered (that is the arrival order), while both replicas' workers lease from the
 * same inbox. The PR must end as if one process had applied the events one by one in that order.
 */
(POSTGRES_URL === undefined ? describe.skip : describe)("two replicas on one PostgreSQL database", () => {
  const privateKey = generatePrivateKey();
  const gh = scriptedGitHub();
  let simulator: SimulatorServer;
  let db: ScratchDatabase;
  let replicas: AppProcess[] = [];

  beforeAll(async () => {
    simulator = await startSimulatorServer(gh);
    db = await scratchPostgres();
    // One after the other: the first applies the migrations.
    for (let i = 0; i < 2; i++) replicas.push(await startApp({ storage: { databaseUrl: db.url }, gheHost: simulator.gheHost, privateKey }));
  }, 120_000);

  afterAll(async () => {
    for (const r of replicas) await r.stop();
    replicas = [];
    await simulator?.close();
    await db?.drop();
  });

  it("applies a burst of 20 deliveries split across both in arrival order: one comment, the right check on the final head", async () => {
    const started = Date.now();
    const pr = gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Dose rounding",
      author: "dev",
      files: [{ filename: "src/prescribing/dose/round.ts", content: "x\n" }],
    });
    const ref = { owner: OWNER, repo: REPO, number: pr.number };
    const [a, b] = replicas as [AppProcess, AppProcess];
    await deliverUntilAccepted(() => a.appUrl, pullRequestEvent(gh, "opened", { ...ref, sender: "dev" }));
    for (let i = 0; i < 200 && stickies(gh, pr.number).length === 0; i++) await sleep(50);
    expect(stickies(gh, pr.number)).toHaveLength(1);

    // What people do, in order; each action's webhook is built at once, from GitHub's state at that moment.
    const events: WebhookEvent[] = [];
    let pushes = 0;
    const push = () => {
      gh.tick(5);
      pushes += 1;
      gh.pushToPullRequest(ref, undefined, [{ filename: "src/prescribing/dose/round.ts", content: `export const round = ${pushes};\n` }]);
      events.push(pullRequestEvent(gh, "synchronize", { ...ref, sender: "dev" }));
    };
    const comment = (by: string, body: string) => {
      gh.tick(5);
      const c = gh.addComment({ ...ref, user: by, body });
      events.push(issueCommentEvent(gh, "created", { ...ref, commentId: c.id, sender: by }));
    };
    const tick = (question: string) => {
      gh.tick(5);
      const sticky = stickies(gh, pr.number)[0];
      if (!sticky) throw new Error("no comment");
      const from = sticky.body;
      gh.editComment(sticky.id, tickInComment(from, question, "No"));
      events.push(issueCommentEvent(gh, "edited", { ...ref, commentId: sticky.id, sender: "dev", from }));
    };
    const recheck = () => comment("dev", "/safety recheck");
    push();
    recheck();
    push();
    tick("decision-logic");
    recheck();
    push();
    tick("calculations");
    recheck();
    comment("dev", "/safety sign-off"); // the author: refused
    recheck();
    comment("cso", "/safety sign-off cso"); // after the ticks: accepted only if they were applied first
    recheck();
    recheck();
    comment("cpm", "/safety sign-off cpm");
    for (let i = 0; i < 6; i++) recheck();
    expect(events).toHaveLength(20);

    // The burst: each delivery answered (stored) before the next is posted, to the replicas in turn.
    for (const [i, event] of events.entries()) await deliverUntilAccepted(() => (i % 2 === 0 ? a : b).appUrl, event);
    await waitForEmptyInbox(a.port, 60_000);
    const inbox = await waitForEmptyInbox(b.port, 60_000);
    expect(inbox.inbox.parked).toBe(0);

    const head = gh.requirePull(ref).headSha;
    expect(latestCheck(gh, head)?.conclusion).toBe("success");
    expect(stickies(gh, pr.number)).toHaveLength(1);
    // One reply, to the author's sign-off; none refusing the CSO or CPM (as an out-of-order tick would).
    const answered = refusalReplies(gh, pr.number);
    // …and one confirming each of the CSO's and the CPM's sign-offs.
    expect(signOffReplies(gh, pr.number).map((c) => c.body.split(" — ")[0])).toEqual(["@cso", "@cpm"]);
    expect(answered).toHaveLength(1);
    expect(answered[0]?.body).toContain("for segregation of duties");

    for (const r of replicas) await r.stop();
    replicas = [];
    const trail = (await readTrail({ databaseUrl: db.url })).filter((r) => r.pr === pr.number);
    const kinds = trail.map((r) => r.kind);
    expect(kinds.filter((k) => k === "sign-off")).toHaveLength(2);
    expect(kinds.filter((k) => k === "answer")).toHaveLength(2);
    // The roles' teams asked for a review once, whichever replica took which delivery.
    expect(kinds.filter((k) => k === "review-request")).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === "POST" && r.path.endsWith(`/pulls/${pr.number}/requested_reviewers`))).toHaveLength(1);
    // Applied in arrival order: both answers before the first sign-off, and both sign-offs on the final head.
    expect(kinds.lastIndexOf("answer")).toBeLessThan(kinds.indexOf("sign-off"));
    expect(trail.filter((r) => r.kind === "sign-off").map((r) => r.headSha)).toEqual([head, head]);
    gh.assertNoUnhandled();
    console.log(`replicas: 20 deliveries over 2 replicas settled; ${Date.now() - started} ms`);
  }, 90_000);
});
