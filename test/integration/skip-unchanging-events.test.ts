import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent, reviewEvent } from "../simulator/payloads.js";
import { PrDriver, startHarness, type Harness } from "./harness.js";

/**
 * Events that cannot change the gate's outcome cost no GitHub request at all (src/core/may-change-gate.ts):
 * counted on the simulator's request log, per event.
 */
describe("Events that cannot change anything make no GitHub request", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("an unrelated label: evaluated (the rules may have just changed elsewhere), but no write", async () => {
    const pr = await PrDriver.open(h);
    h.gh.clearRequests();
    h.gh.addLabels(pr.ref, ["bug"]);
    await h.probot.receive(pullRequestEvent(h.gh, "labeled", { ...pr.ref, label: "bug", sender: "dev" }));
    expect(h.gh.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("a rule's label is evaluated (it can make the PR relevant)", async () => {
    const pr = await PrDriver.open(h, { files: ["README.md"] });
    expect(pr.check().output.title).toBe("No clinical impact detected");
    h.gh.addLabels(pr.ref, ["clinical-impact"]);
    await h.probot.receive(pullRequestEvent(h.gh, "labeled", { ...pr.ref, label: "clinical-impact", sender: "dev" }));
    expect(pr.check().conclusion).toBe("action_required");
  });

  it("a plain comment, or a review without a command or hazard id: no request", async () => {
    const pr = await PrDriver.open(h);
    h.gh.clearRequests();
    await pr.comment("eve", "Nice work, thanks!");
    await pr.comment("eve", "```\n/safety sign-off\n```");
    h.gh.tick(60);
    const r = h.gh.addReview({ ...pr.ref, user: "eve", body: "LGTM", state: "APPROVED" });
    await h.probot.receive(reviewEvent(h.gh, "submitted", { ...pr.ref, reviewId: r.id, sender: "eve" }));
    expect(h.gh.requests).toEqual([]);
  });

  it("a comment naming a hazard is evaluated (it is shown as mentioned)", async () => {
    const pr = await PrDriver.open(h);
    await pr.comment("eve", "Does this touch HAZ-002?");
    expect(pr.sticky().body).toContain("HAZ-002");
  });

  it("before the gate knows a repository's rules, every event is evaluated", async () => {
    const pr = h.gh.openPullRequest({
      owner: "acme",
      repo: "eprescribe",
      title: "x",
      author: "dev",
      files: [{ filename: "src/prescribing/a.ts", content: "" }],
    });
    h.gh.addLabels({ owner: "acme", repo: "eprescribe", number: pr.number }, ["bug"]);
    await h.probot.receive(pullRequestEvent(h.gh, "labeled", { owner: "acme", repo: "eprescribe", number: pr.number, label: "bug", sender: "dev" }));
    expect(h.gh.requests.length).toBeGreaterThan(0);
  });
});
