import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { readMerge } from "../../src/reports/evidence-read.js";
import { issueCommentEvent, pullRequestEvent } from "../simulator/payloads.js";
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
  it("an answer with `because …` keeps its reason: recorded with it, shown escaped, once however often replayed", async () => {
    const pr = await PrDriver.open(h);
    const id = await pr.comment("fork-contributor", "/safety answer calculations no because only the label text moves <b>@cleo</b>");
    await h.probot.receive(issueCommentEvent(h.gh, "created", { ...pr.ref, commentId: id, sender: "fork-contributor" }));
    const answers = h.audit.records.filter((r) => r.kind === "answer");
    expect(answers.map((r) => [r.data.questionId, r.data.answer, r.data.reason])).toEqual([
      ["calculations", "no", "only the label text moves <b>@cleo</b>"],
    ]);
    const body = pr.sticky().body;
    expect(body).toContain(
      "answered No by @\u200bfork-contributor, 2026-11-23 09:01 UTC because only the label text moves &lt;b&gt;@\u200bcleo&lt;/b&gt;</sub>",
    );
    expect(body).not.toContain("<b>");
    expect(pr.replies()).toEqual([]);
  });

  it("restating a ticked answer with `because …` records the reason; restating it without one changes nothing", async () => {
    const pr = await PrDriver.open(h);
    await pr.tick("dev", "calculations", "No");
    await pr.comment("dev", "/safety answer calculations no");
    expect(h.audit.records.filter((r) => r.kind === "answer")).toHaveLength(1);
    await pr.comment("dev", "/safety answer calculations no because rounding happens after the dose is chosen");
    const answers = h.audit.records.filter((r) => r.kind === "answer");
    expect(answers.map((r) => [r.data.via, r.data.answer, r.data.reason ?? null])).toEqual([
      ["checkbox", "no", null],
      ["command", "no", "rounding happens after the dose is chosen"],
    ]);
    expect(pr.sticky().body).toMatch(/- \[x\] No\n\n<sub>answered No by @\u200bdev, [^<]* because rounding happens after the dose is chosen<\/sub>/);
    // The merge record keeps the answer with its reason, and the audit pages read it back.
    await pr.tick("dev", "decision-logic", "No");
    h.gh.tick(60);
    h.gh.closePullRequest(pr.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
    const merge = h.audit.records.find((r) => r.kind === "merge");
    expect(merge && readMerge(merge.data, merge.at).answers.map((a) => [a.questionId, a.answer, a.reason ?? null])).toEqual([
      ["decision-logic", "no", null],
      ["calculations", "no", "rounding happens after the dose is chosen"],
    ]);
  });

  it("a changed answer replaces the reason given with the earlier one", async () => {
    const pr = await PrDriver.open(h);
    await pr.comment("dev", "/safety answer calculations no because rounding happens after the dose is chosen");
    expect(pr.sticky().body).toContain("because rounding happens");
    await pr.tick("dev", "calculations", "Yes");
    expect(pr.sticky().body).not.toContain("because rounding happens");
  });

  it("`because` without a reason is refused with the form to use", async () => {
    const pr = await PrDriver.open(h);
    await pr.comment("dev", "/safety answer calculations no because");
    expect(pr.replies()[0]?.body).toContain("write the reason after `because`");
    expect(h.audit.records.filter((r) => r.kind === "answer")).toEqual([]);
  });
});
