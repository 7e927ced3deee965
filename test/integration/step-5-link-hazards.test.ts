import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { PrDriver, startHarness, type Harness } from "./harness.js";

describe("Step 5 — Link hazards: ids in the body or comments link; unknown ids are errors", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("shows a hazard linked from the PR body with its title, status and initial → residual rating", async () => {
    const pr = await PrDriver.open(h, { body: "Fixes rounding; see HAZ-002." });
    const body = pr.sticky().body;
    expect(body).toMatch(
      /\| `HAZ-002` \| Paediatric dose uses a stale weight[^|]* \| open \| 5 — unacceptable → 3 — undesirable \| PR description \|/,
    );
  });

  it("links a hazard from a comment", async () => {
    const pr = await PrDriver.open(h, { files: ["src/triage/rules/chest-pain.ts", "src/prescribing/x.ts"] });
    await pr.comment("pat", "This also touches HAZ-006 I think.");
    expect(pr.sticky().body).toMatch(/\| `HAZ-006` \|[^\n]*comment by @\u200bpat/);
  });

  it("an unknown id is an error shown in the comment, and blocks", async () => {
    const pr = await PrDriver.open(h, { body: "Affects HAZ-999" });
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.sticky().body).toContain("HAZ-999");
    expect(pr.sticky().body).toMatch(/HAZ-999[^\n]*not in `?docs\/safety\/hazard-log\.yml/);
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.check().output.title).toMatch(/HAZ-999/);
  });

  it("escapes a hazard id's neighbours: a comment's HTML is never echoed", async () => {
    const pr = await PrDriver.open(h);
    await pr.comment("eve", "<img src=x onerror=alert(1)> HAZ-002");
    expect(pr.sticky().body).not.toContain("<img");
  });
});
