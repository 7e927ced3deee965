import { factsOf } from "../../src/audit/facts-from-records.js";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { checkRunRerequestedEvent, issueCommentEvent, pullRequestEvent } from "../simulator/payloads.js";
import { BOT, PrDriver, startHarness, type Harness } from "./harness.js";

describe("Events: the app's own, redeliveries, re-runs", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("ignores events the app caused itself", async () => {
    const pr = await PrDriver.open(h);
    h.gh.clearRequests();
    // GitHub sends issue_comment.edited for the app's own edit of its comment, with the bot as sender.
    await h.probot.receive(issueCommentEvent(h.gh, "edited", { ...pr.ref, commentId: pr.sticky().id, sender: BOT, from: "" }));
    await h.probot.receive(pullRequestEvent(h.gh, "labeled", { ...pr.ref, sender: BOT, label: "clinical-safety: sign-off required" }));
    expect(h.gh.requests.filter((r) => r.path !== "/app")).toEqual([]);
  });

  it("the same delivery received twice changes nothing the second time", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    const c = h.gh.addComment({ ...pr.ref, user: "dev", body: "/safety sign-off" });
    const event = issueCommentEvent(h.gh, "created", { ...pr.ref, commentId: c.id, sender: "dev" });
    await h.probot.receive(event);
    await h.probot.receive(event);
    expect(pr.replies()).toHaveLength(1);
    const facts = factsOf(h.audit.records.filter((r) => r.pr === pr.number));
    expect(facts.filter((f) => f.kind === "answer")).toHaveLength(2);
  });

  it("a re-run of the check and /safety recheck evaluate again", async () => {
    const pr = await PrDriver.open(h);
    // Membership changed outside GitHub's events: only a re-evaluation notices.
    await pr.answerAll();
    h.gh.addTeamMember("acme", "clinical-product", "newcpm");
    await pr.comment("newcpm", "/safety sign-off cpm");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso");
    h.gh.removeTeamMember("acme", "clinical-product", "newcpm");
    await h.probot.receive(checkRunRerequestedEvent(h.gh, { ...pr.ref, checkRunId: pr.check().id, sender: "dev" }));
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
    h.gh.addTeamMember("acme", "clinical-product", "newcpm");
    await pr.comment("dev", "/safety recheck");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso");
    // Only the answer to the sign-off itself: a re-run and a recheck reply nothing.
    expect(pr.replies().map((r) => r.body.split("\n")[0])).toEqual(["@newcpm — your sign-off is recorded in the audit trail."]);
  });

  it("a re-run of the check of a PR from a fork (GitHub names no PR) finds the PR by its head", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    h.gh.addTeamMember("acme", "clinical-product", "newcpm");
    await pr.comment("newcpm", "/safety sign-off cpm");
    h.gh.removeTeamMember("acme", "clinical-product", "newcpm");
    const event = checkRunRerequestedEvent(h.gh, { ...pr.ref, checkRunId: pr.check().id, sender: "dev" });
    event.payload.check_run.pull_requests = [];
    await h.probot.receive(event);
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
  });

  it("an edited comment counts only the commands the edit added", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    const id = await pr.comment("cleo", "LGTM");
    await pr.editComment(id, "cleo", "LGTM\n/safety sign-off cso");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cpm");
    await pr.editComment(id, "cleo", "LGTM!\n/safety sign-off cso");
    // One reply, to the edit that signed; not "already signed off" to the one that wrote nothing new.
    expect(pr.replies().map((r) => r.body.split("\n")[0])).toEqual(["@cleo — your sign-off is recorded in the audit trail."]);
  });

  it("comments on issues (not PRs) are ignored", async () => {
    const issue = h.gh.createIssue({ owner: "acme", repo: "eprescribe", title: "bug", user: "dev" });
    const c = h.gh.addComment({ owner: "acme", repo: "eprescribe", number: issue.number, user: "cleo", body: "/safety sign-off" });
    h.gh.clearRequests();
    await h.probot.receive(issueCommentEvent(h.gh, "created", { owner: "acme", repo: "eprescribe", commentId: c.id, sender: "cleo" }));
    expect(h.gh.requests.filter((r) => r.method !== "GET" || !r.path.startsWith("/app"))).toEqual([]);
  });
});
