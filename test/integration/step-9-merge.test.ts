import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { BypassData, MergeData } from "../../src/audit/evidence.js";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { pullRequestEvent, pushEvent } from "../simulator/payloads.js";
import { BOT, CONFIG_YML, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

describe("Step 9 — Merge: the audit trail records the merge with its evidence; a bypass is reported", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    // Whatever happened, the chain the app wrote is intact.
    expect(verifyChain(h.audit.records).ok).toBe(true);
    await h.close();
  });

  const merge = async (pr: PrDriver) => {
    h.gh.tick(60);
    h.gh.closePullRequest(pr.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
  };
  const records = (kind: string) => h.audit.records.filter((r) => r.kind === kind);

  it("a merged, signed-off PR yields a complete merge record", async () => {
    const pr = await PrDriver.open(h, { body: "Affects HAZ-002" });
    await pr.tick("dev", "decision-logic", "No");
    await pr.tick("dev", "calculations", "Yes");
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    await merge(pr);

    const [m] = records("merge");
    expect(m).toMatchObject({ repo: `${OWNER}/${REPO}`, pr: pr.number, headSha: h.gh.requirePull(pr.ref).headSha });
    const data = m?.data as unknown as MergeData;
    expect(data.passed).toBe(true);
    expect(data.gate.state).toBe("pass");
    expect(data.rules).toEqual(["prescribing"]);
    expect(data.answers.map((a) => [a.questionId, a.answer, a.answeredBy])).toEqual([
      ["decision-logic", "no", "dev"],
      ["calculations", "yes", "dev"],
    ]);
    expect(data.hazards.map((x) => [x.id, x.initialRating, x.residualRating])).toEqual([["HAZ-002", 5, 3]]);
    expect(data.risk).toBe(3);
    expect(data.signOffs.map((s) => [s.role, s.actor, s.meaning])).toEqual([
      ["cso", "cleo", "clinical safety approval as CSO"],
      ["cpm", "pat", "clinical impact approval as CPM"],
    ]);
    expect(data.signOffs.every((s) => s.headSha === data.headSha)).toBe(true);
    expect(data.timeline.checklistCompleteWhileDraft).toBe(true);
    expect(data.timeline.checklistCompleteAt).not.toBeNull();
    expect(data.timeline.finalSignOffAt).toBe(
      data.signOffs
        .map((s) => s.at)
        .sort()
        .at(-1),
    );
    expect(records("bypass")).toEqual([]);
    expect(h.gh.issues).toEqual([]);
  });

  it("records every decision on the way: classification, answers, links, sign-offs, voids, conclusions", async () => {
    const pr = await PrDriver.open(h, { body: "HAZ-002" });
    await pr.answerAll();
    await pr.comment("cleo", "/safety sign-off cso");
    await pr.push();
    await pr.comment("cleo", "/safety object needs a neonate test");
    await pr.comment("cleo", "/safety withdraw-objection");
    const kinds = new Set(h.audit.records.map((r) => r.kind));
    for (const k of ["classification", "answer", "hazard-link", "sign-off", "void", "objection", "objection-withdrawn", "check-conclusion"]) {
      expect(kinds.has(k as never)).toBe(true);
    }
    const signOff = records("sign-off")[0];
    expect(signOff).toMatchObject({ actor: "cleo", data: { role: "cso", meaning: "clinical safety approval as CSO" } });
    expect(records("void")[0]?.data).toMatchObject({ reason: "voided-by-push", signOff: { actor: "cleo", role: "cso" } });
    expect(h.audit.records.every((r) => r.configSha !== null)).toBe(true);
  });

  it("an admin merge of a blocked PR yields a bypass record, the label and an issue calling the CSO", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await merge(pr);

    const m = records("merge")[0]?.data as unknown as MergeData;
    expect(m.passed).toBe(false);
    const [b] = records("bypass");
    const data = b?.data as unknown as BypassData;
    expect(data.reason).toBe("merged-without-passing-gate");
    expect(data.detail).toBe("Waiting for sign-off: cso");
    expect(pr.labels()).toContain("clinical-safety: bypassed");
    const [issue] = h.gh.issues;
    expect(issue?.title).toBe(`Clinical safety bypass: #${pr.number} merged without a passing gate`);
    expect(issue?.body).toContain("@acme/clinical-safety");
    expect(issue?.body).toContain("Waiting for sign-off: cso");
    expect(issue?.user).toBe(BOT);
    expect(data.issue).toBe(issue?.number);
  });

  it("a merge of a PR with no clinical impact is recorded too (every merge is accounted for), as passed and not relevant, and is no bypass", async () => {
    const pr = await PrDriver.open(h, { files: ["README.md"] });
    await merge(pr);
    const [m] = records("merge");
    expect(m).toMatchObject({
      pr: pr.number,
      data: { relevant: false, passed: true, rules: [], files: ["README.md"], gate: { state: "not-relevant" } },
    });
    expect(m?.configSha).toMatch(/^[0-9a-f]{40}$/);
    expect(records("bypass")).toEqual([]);
    expect(pr.labels()).not.toContain("clinical-safety: bypassed");
  });

  it("a bypass is recorded even when GitHub refuses to open the issue", async () => {
    const pr = await PrDriver.open(h);
    h.gh.clearRequests();
    h.gh.failNext("POST", /\/issues$/, 500, 1);
    h.gh.closePullRequest(pr.ref, { merged: true });
    await expect(h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }))).rejects.toThrow();
    expect((records("bypass")[0]?.data as unknown as BypassData).issue).toBeNull();
    // Tried again once GitHub is back: the issue is opened, the merge is not recorded twice.
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
    expect(h.gh.issues).toHaveLength(1);
    expect(records("merge")).toHaveLength(1);
    expect(records("bypass").map((r) => (r.data as unknown as BypassData).issue)).toEqual([null, h.gh.issues[0]?.number]);
  });

  it("a merge processed again (a crash after the issue was opened, a redelivery) opens no second issue and records nothing twice", async () => {
    const pr = await PrDriver.open(h);
    h.gh.closePullRequest(pr.ref, { merged: true });
    const closed = pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" });
    await h.probot.receive(closed);
    await h.probot.receive({ ...closed, id: "another-delivery-id" });
    expect(h.gh.issues).toHaveLength(1);
    expect(records("merge")).toHaveLength(1);
    expect(records("bypass")).toHaveLength(1);
  });
});

describe("Step 9 — a push to the default branch that touches rule paths without a PR is a bypass", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("a direct push processed twice is reported once", async () => {
    h.gh.commitToBranch(OWNER, REPO, "main", { "src/prescribing/dose/round.ts": "hotfix" }, { message: "hotfix rounding", author: "dev" });
    const event = pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "dev" });
    await h.probot.receive(event);
    await h.probot.receive({ ...event, id: "another-delivery-id" });
    expect(h.audit.records.filter((r) => r.kind === "bypass")).toHaveLength(1);
    expect(h.gh.issues).toHaveLength(1);
  });

  it("a direct push touching prescribing code: bypass record and issue", async () => {
    h.gh.commitToBranch(OWNER, REPO, "main", { "src/prescribing/dose/round.ts": "hotfix" }, { message: "hotfix rounding", author: "dev" });
    await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "dev" }));
    const [b] = h.audit.records.filter((r) => r.kind === "bypass");
    expect(b).toMatchObject({ pr: null, data: { reason: "direct-push", rules: ["prescribing"], files: ["src/prescribing/dose/round.ts"] } });
    expect(h.gh.issues[0]?.title).toMatch(/^Clinical safety bypass: direct push to the default branch/);
    expect(h.gh.issues[0]?.body).toContain("@acme/clinical-safety");
  });

  it.each([
    ["a push touching nothing clinical", { "README.md": "docs" }],
    ["a push to another branch", null],
  ])("%s: nothing", async (_name, changes) => {
    if (changes) {
      h.gh.commitToBranch(OWNER, REPO, "main", changes);
      await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "dev" }));
    } else {
      h.gh.commitToBranch(OWNER, REPO, "feature/x", { "src/prescribing/a.ts": "x" });
      await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "feature/x", sender: "dev" }));
    }
    expect(h.audit.records).toEqual([]);
    expect(h.gh.issues).toEqual([]);
  });

  it("a change to the configuration on the default branch evaluates every open PR again", async () => {
    const web = await PrDriver.open(h, { files: ["web/banner.tsx"] });
    await web.answerAll();
    await web.comment("pat", "/safety sign-off cpm");
    expect(web.check().conclusion).toBe("success");
    // The CSO tightens the gate: web changes now need the CSO too.
    const stricter = CONFIG_YML.replace(
      '  - id: interface\n    paths: ["web/**"]\n    requires: [cpm]',
      '  - id: interface\n    paths: ["web/**"]\n    requires: [cso, cpm]',
    );
    expect(stricter).not.toBe(CONFIG_YML);
    h.gh.commitToBranch(OWNER, REPO, "main", { ".github/clinical-safety.yml": stricter }, { author: "cleo" });
    await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "cleo" }));
    expect(web.check().conclusion).toBe("action_required");
    expect(web.check().output.title).toBe("Waiting for sign-off: cso");
    // The config change itself was a direct push touching a governed file: a bypass too.
    expect(h.audit.records.filter((r) => r.kind === "bypass")).toHaveLength(1);
  });

  it("the push of a PR's merge is not a direct push", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    const before = h.gh.repo(OWNER, REPO)?.branches.main;
    h.gh.closePullRequest(pr.ref, { merged: true });
    await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "acme", ...(before ? { before } : {}) }));
    expect(h.audit.records.filter((r) => r.kind === "bypass")).toEqual([]);
  });
});
