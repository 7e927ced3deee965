import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { PrDriver, startHarness, type Harness } from "./harness.js";

describe("Step 8 — Pass: success only when everything holds; label becomes signed off", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("passes when the checklist is complete, hazards are valid and every role signed the head", async () => {
    const pr = await PrDriver.open(h, { body: "Affects HAZ-002" });
    await pr.tick("dev", "decision-logic", "No");
    expect(pr.check().conclusion).toBe("action_required");
    await pr.tick("dev", "calculations", "Yes");
    expect(pr.check().conclusion).toBe("action_required");
    await pr.comment("pat", "/safety sign-off cpm");
    expect(pr.check().conclusion).toBe("action_required");
    await pr.comment("cleo", "/safety sign-off");
    const check = pr.check();
    expect(check.conclusion).toBe("success");
    expect(check.output.title).toBe("Clinical safety signed off");
    expect(check.output.summary).toContain("cleo");
    expect(pr.labels()).toEqual(["clinical-safety: signed off"]);
    expect(pr.sticky().body).toContain("## Clinical safety: signed off");
  });

  it("a changed answer after sign-off needs the sign-offs again", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().conclusion).toBe("success");
    await pr.tick("dev", "calculations", "Yes");
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.sticky().body).toContain("the checklist answers changed after this sign-off");
  });
});
