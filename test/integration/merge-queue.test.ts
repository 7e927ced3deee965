import { afterEach, describe, expect, it } from "@jest/globals";
import type { MergeData, MergeGroupData } from "../../src/audit/evidence.js";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { mergeGroupEvent, pullRequestEvent, pushEvent } from "../simulator/payloads.js";
import { HAZARD_LOG_YML, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

/** A PR that passed the gate: checklist answered, HAZ-002 linked, signed off by the CPM and the CSO. */
async function passingPr(h: Harness, files?: string[]): Promise<PrDriver> {
  const pr = await PrDriver.open(h, { body: "Affects HAZ-002", ...(files ? { files } : {}) });
  await pr.answerAll();
  await pr.comment("pat", "/safety sign-off cpm");
  await pr.comment("cleo", "/safety sign-off cso");
  expect(pr.check().conclusion).toBe("success");
  return pr;
}

describe("Merge queue: the check on a merge group's commit passes only when every PR in it passed at its queued head", () => {
  let h: Harness;
  afterEach(async () => {
    expect(verifyChain(h.audit.records).ok).toBe(true);
    await h.close();
  });

  const groupRuns = (sha: string) => h.gh.checkRunsFor(OWNER, REPO, sha).filter((r) => r.name === "Clinical safety");
  const groupRecords = () => h.audit.records.filter((r) => r.kind === "merge-group");

  it("passes a group of signed-off PRs, records it, and the queue's merge is recorded as the PR's merge, not a bypass", async () => {
    h = await startHarness();
    const pr = await passingPr(h);
    const group = h.gh.buildMergeGroup(OWNER, REPO, [pr.number]);
    h.gh.clearRequests();
    await h.probot.receive(mergeGroupEvent(h.gh, { owner: OWNER, repo: REPO, group }));

    const [run, ...others] = groupRuns(group.headSha);
    expect(others).toEqual([]);
    expect(run?.conclusion).toBe("success");
    expect(run?.output.title).toBe("All 1 pull request in the merge group passed the clinical safety gate");
    expect(run?.output.summary).toContain(`✅ #${pr.number}`);
    // Judging a group writes nothing to its PRs: one write, the group's check.
    const writes = h.gh.requests.filter((r) => r.method !== "GET");
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /repos/${OWNER}/${REPO}/check-runs`]);
    expect(groupRecords().map((r) => [r.pr, r.headSha, (r.data as unknown as MergeGroupData).passed])).toEqual([[pr.number, group.headSha, true]]);

    // The queue merges: the PR closes as merged by the queue's bot, and main moves to the group's commit.
    h.gh.tick(60);
    h.gh.mergeGroup(OWNER, REPO, [pr.number], group);
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "github-merge-queue[bot]" }));
    await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "github-merge-queue[bot]" }));
    const merges = h.audit.records.filter((r) => r.kind === "merge");
    expect(merges.map((r) => (r.data as unknown as MergeData).passed)).toEqual([true]);
    expect((merges[0]?.data as unknown as MergeData).mergedBy).toBe("github-merge-queue[bot]");
    expect(h.audit.records.filter((r) => r.kind === "bypass")).toEqual([]);
    expect(h.gh.issues).toEqual([]);
  });

  it("fails a group holding a PR not signed off at its queued head, naming the PR and what is missing", async () => {
    h = await startHarness();
    const signed = await passingPr(h);
    const waiting = await PrDriver.open(h, { title: "Change the dose limits", files: ["src/prescribing/limits.ts"] });
    await waiting.answerAll();
    const group = h.gh.buildMergeGroup(OWNER, REPO, [signed.number, waiting.number]);
    await h.probot.receive(mergeGroupEvent(h.gh, { owner: OWNER, repo: REPO, group }));

    const run = groupRuns(group.headSha)[0];
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.title).toBe(`Merge group blocked: #${waiting.number} has not passed the clinical safety gate`);
    expect(run?.output.summary).toContain(`✅ #${signed.number}`);
    expect(run?.output.summary).toMatch(
      new RegExp(`❌ #${waiting.number} \`Change the dose limits\`: it has not passed the gate at [0-9a-f]{7}: Waiting for`),
    );
    const records = groupRecords().map((r) => [r.pr, (r.data as unknown as MergeGroupData).passed, (r.data as unknown as MergeGroupData).conclusion]);
    expect(records).toEqual([
      [waiting.number, false, "failure"],
      [signed.number, true, "failure"],
    ]);
  });

  it("a sign-off given on another commit does not count for the head that was queued", async () => {
    h = await startHarness();
    const pr = await passingPr(h);
    await pr.push(); // voids the sign-offs (dismiss_on_push)
    const group = h.gh.buildMergeGroup(OWNER, REPO, [pr.number]);
    await h.probot.receive(mergeGroupEvent(h.gh, { owner: OWNER, repo: REPO, group }));
    expect(groupRuns(group.headSha)[0]?.conclusion).toBe("failure");
  });

  it("fails when a hazard the PR links changed in the hazard log the group would merge", async () => {
    h = await startHarness();
    const pr = await passingPr(h);
    const changed = HAZARD_LOG_YML.replace(
      "title: Paediatric dose uses a stale weight or the wrong unit",
      "title: Paediatric dose uses a stale weight",
    );
    expect(changed).not.toBe(HAZARD_LOG_YML);
    h.gh.commitToBranch(OWNER, REPO, "main", { "docs/safety/hazard-log.yml": changed }, { message: "Retitle HAZ-002 (#99)" });
    const group = h.gh.buildMergeGroup(OWNER, REPO, [pr.number]);
    await h.probot.receive(mergeGroupEvent(h.gh, { owner: OWNER, repo: REPO, group }));
    const run = groupRuns(group.headSha)[0];
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("HAZ-002 changed in the hazard log after it was judged");
  });

  it("fails a group that changes a file none of its PRs changes", async () => {
    h = await startHarness();
    const pr = await passingPr(h);
    const group = h.gh.buildMergeGroup(OWNER, REPO, [pr.number], { extra: { "src/prescribing/sneaky.ts": "// not in the PR\n" } });
    await h.probot.receive(mergeGroupEvent(h.gh, { owner: OWNER, repo: REPO, group }));
    const run = groupRuns(group.headSha)[0];
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("files that none of its pull requests changes: `src/prescribing/sneaky.ts`");
  });

  it("passes a PR with no clinical impact, and leaves a group into an unprotected base with a neutral check", async () => {
    h = await startHarness();
    const docs = await PrDriver.open(h, { files: ["README.md"] });
    const group = h.gh.buildMergeGroup(OWNER, REPO, [docs.number]);
    await h.probot.receive(mergeGroupEvent(h.gh, { owner: OWNER, repo: REPO, group }));
    expect(groupRuns(group.headSha)[0]?.conclusion).toBe("success");

    h.gh.commitToBranch(OWNER, REPO, "experiments", {});
    const elsewhere = await PrDriver.open(h, { base: "experiments" });
    const other = h.gh.buildMergeGroup(OWNER, REPO, [elsewhere.number], { base: "experiments" });
    await h.probot.receive(mergeGroupEvent(h.gh, { owner: OWNER, repo: REPO, group: other }));
    expect(groupRuns(other.headSha)[0]?.conclusion).toBe("neutral");
  });

  it("a group delivered again is judged again without a second check run or a second record", async () => {
    h = await startHarness();
    const pr = await passingPr(h);
    const group = h.gh.buildMergeGroup(OWNER, REPO, [pr.number]);
    const event = mergeGroupEvent(h.gh, { owner: OWNER, repo: REPO, group });
    await h.probot.receive(event);
    await h.probot.receive({ ...event, id: "another-delivery" });
    expect(groupRuns(group.headSha)).toHaveLength(1);
    expect(groupRecords()).toHaveLength(1);
  });

  it("fails closed when GitHub cannot list the group's commits, saying why", async () => {
    h = await startHarness();
    const pr = await passingPr(h);
    const group = h.gh.buildMergeGroup(OWNER, REPO, [pr.number]);
    h.gh.failNext("GET", /\/compare\//, 502, 1);
    await expect(h.probot.receive(mergeGroupEvent(h.gh, { owner: OWNER, repo: REPO, group }))).rejects.toThrow();
    const run = groupRuns(group.headSha)[0];
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.title).toBe("Merge group blocked: the clinical safety gate could not judge it");
  });
});
