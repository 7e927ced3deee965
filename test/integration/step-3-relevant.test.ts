import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent } from "../simulator/payloads.js";
import { appComments, PrDriver, startHarness, type Harness } from "./harness.js";

describe("Step 3 — Relevant: one sticky comment, the checklist, the label, action_required", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("comments once with why, the checklist (two task lines per question), hazards and sign-offs needed", async () => {
    const pr = await PrDriver.open(h, { files: ["src/prescribing/dose/round.ts"] });
    const body = pr.sticky().body;
    expect(body.startsWith("<!-- clinical-safety-gate:sticky -->")).toBe(true);
    expect(body).toContain("`src/prescribing/dose/round.ts` matches `src/prescribing/**`");
    for (const id of ["decision-logic", "calculations"]) {
      const lines = body.split("\n");
      const at = lines.findIndex((l) => l.includes(`<!-- csg:q:${id} -->`));
      const tasks = lines
        .slice(at + 1)
        .filter((l) => /^- \[[ x]\] /.test(l))
        .slice(0, 2);
      expect(tasks).toEqual(["- [ ] Yes", "- [ ] No"]);
    }
    expect(body).toContain("HAZ-002"); // proposed: the PR touches its code
    expect(body).toMatch(/`cso`.*waiting/);
    expect(body).toMatch(/`cpm`.*waiting/);
    expect(pr.labels()).toEqual(["clinical-safety: sign-off required"]);
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.check().output.title).toMatch(/Checklist incomplete: 2 questions unanswered/);
  });

  it("never duplicates the comment, finds it again across pages, and does not rewrite unchanged text", async () => {
    const pr = await PrDriver.open(h);
    for (let i = 0; i < 120; i++) h.gh.addComment({ ...pr.ref, user: "someone", body: `chatter ${i}` });
    h.gh.clearRequests();
    await h.probot.receive(pullRequestEvent(h.gh, "edited", { ...pr.ref, sender: "dev" }));
    expect(appComments(h.gh, pr.number)).toHaveLength(1);
    expect(h.gh.requestsMatching("GET", /\/issues\/\d+\/comments$/).length).toBe(2); // 121 comments = 2 pages
    expect(h.gh.requestsMatching("POST", /\/issues\/\d+\/comments$/)).toEqual([]);
    expect(h.gh.requestsMatching("PATCH", /\/issues\/comments\/\d+$/)).toEqual([]);
  });

  it("updates the comment in place when the state changes", async () => {
    const pr = await PrDriver.open(h);
    const id = pr.sticky().id;
    await pr.answerAll();
    expect(pr.sticky().id).toBe(id);
    expect(appComments(h.gh, pr.number)).toHaveLength(1);
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
  });

  it("asks every question of the checklist for a rule without its own list", async () => {
    const pr = await PrDriver.open(h, { files: ["web/patient-banner.tsx"] });
    expect(pr.sticky().body).toContain("<!-- csg:q:decision-logic -->");
    expect(pr.sticky().body).toContain("<!-- csg:q:calculations -->");
    expect(pr.sticky().body).toMatch(/`cpm`.*waiting/);
    expect(pr.sticky().body).not.toMatch(/`cso`.*waiting/);
  });
});
