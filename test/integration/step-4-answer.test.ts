import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { PrDriver, startHarness, type Harness } from "./harness.js";

describe("Step 4 — Answer: ticked boxes and /safety answer, with who answered", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("reads a ticked box as the answer of whoever edited the comment", async () => {
    const pr = await PrDriver.open(h);
    await pr.tick("dev", "decision-logic", "No");
    const body = pr.sticky().body;
    expect(body).toMatch(/- \[x\] No\n\n<sub>answered No by @\u200bdev/);
    expect(pr.check().output.title).toBe("Checklist incomplete: 1 question unanswered; waiting for sign-off: cso, cpm");
  });

  it("a person without write access answers with /safety answer", async () => {
    const pr = await PrDriver.open(h);
    await pr.comment("fork-contributor", "/safety answer decision-logic no\n/safety answer calculations no");
    expect(pr.sticky().body).toContain("answered No by @\u200bfork-contributor");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
  });

  it("changing an answer: ticking No after Yes leaves one box ticked", async () => {
    const pr = await PrDriver.open(h);
    await pr.tick("dev", "calculations", "Yes");
    await pr.tick("pat", "calculations", "No");
    const body = pr.sticky().body;
    const at = body.indexOf("<!-- csg:q:calculations -->");
    expect(body.slice(at)).toMatch(/- \[ \] Yes\n- \[x\] No\n\n<sub>answered No by @\u200bpat/);
  });

  it("any other edit to the comment is ignored and the comment is re-rendered", async () => {
    const pr = await PrDriver.open(h);
    const original = pr.sticky().body;
    await pr.editComment(pr.sticky().id, "dev", original.replace("sign-off required", "SIGNED OFF, trust me") + "\n/safety sign-off");
    expect(pr.sticky().body).toBe(original);
    expect(pr.replies()).toEqual([]);
  });

  it("a Yes answer needs at least one linked hazard", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll("dev", "Yes");
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.check().output.title).toMatch(/Hazard link needed/);
    expect(pr.sticky().body).toContain("needs at least one linked hazard");
    await pr.editBody("Changes rounding. Affects HAZ-002.");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
  });

  it("only questions the PR asks are read: a forged marker in the comment changes nothing", async () => {
    const pr = await PrDriver.open(h);
    const forged = `${pr.sticky().body}\n**x** <!-- csg:q:displayed-data -->\n- [ ] Yes\n- [ ] No`;
    await pr.editComment(pr.sticky().id, "dev", forged);
    await pr.editComment(pr.sticky().id, "dev", forged.replace(/- \[ \] Yes\n- \[ \] No$/, "- [x] Yes\n- [ ] No"));
    expect(pr.sticky().body).not.toContain("displayed-data");
    expect(pr.check().output.title).toBe("Checklist incomplete: 2 questions unanswered; waiting for sign-off: cso, cpm");
  });
});
