import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { MergeData } from "../../src/audit/evidence.js";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { renderPage } from "../../src/web/pages/index.js";
import type { PageResponse } from "../../src/web/types.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import { gitBlobSha } from "../simulator/git.js";
import { FakeGitHub } from "../unit/web/pages/seed.js";
import { mainText } from "../unit/web/pages/text.js";
import { CONFIG_YML, HAZARD_LOG_YML, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

const LOG = "docs/safety/hazard-log.yml";
const repo = `${OWNER}/${REPO}`;

/** HAZ-002's residual likelihood very-low → low: residual rating 3 → 4 (catastrophic). */
const RESCORED = HAZARD_LOG_YML.replace(/(id: HAZ-002[\s\S]*?residual: \{ severity: catastrophic, likelihood: )very-low/, "$1low");
/** HAZ-003's title reworded: a change another PR makes on the base in the meantime. */
const HAZ_003_REWORDED = HAZARD_LOG_YML.replace("title: Allergy held as free text so no alert fires", "title: Allergy held only as free text");

describe("Hazard-log versions: a governance PR's merge keeps the log's blob SHAs and the diff; the hazard pages show it", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ publicUrl: "https://gate.example.org" });
    h.gh.setUserName("cleo", "Dr Cleo Smith");
  });
  afterEach(async () => {
    expect(verifyChain(h.audit.records).ok).toBe(true);
    await h.close();
  });

  /** Opens a PR whose only change is the hazard log, replaced by `text`. */
  async function openLogPr(text: string, title: string): Promise<PrDriver> {
    const pr = h.gh.openPullRequest({ owner: OWNER, repo: REPO, title, author: "dev", files: [{ filename: LOG, content: text }] });
    const driver = new PrDriver(h, pr.number);
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...driver.ref, sender: "dev" }));
    return driver;
  }
  async function merge(pr: PrDriver): Promise<void> {
    h.gh.tick(60);
    h.gh.closePullRequest(pr.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
  }
  const mergeData = (pr: PrDriver) => h.audit.records.find((r) => r.kind === "merge" && r.pr === pr.number)?.data as unknown as MergeData;
  const compares = () => h.gh.requests.filter((r) => r.method === "GET" && r.path.includes("/compare/"));
  /** The pages as the CSO sees them, with the log as it stands on the default branch after the merges. */
  const page = (path: string, log = RESCORED): Promise<PageResponse> =>
    renderPage(
      {
        method: "GET",
        url: new URL(path, "http://localhost"),
        github: new FakeGitHub("dr-cso", [repo], { [repo]: { ".github/clinical-safety.yml": CONFIG_YML, [LOG]: log } }),
      },
      { audit: h.audit, publicUrl: "https://gate.example.org", now: () => new Date("2026-12-01T00:00:00Z") },
    );

  it("HAZ-002 re-scored 3 → 4, signed by the CSO and merged: the merge record holds the blobs and the change; the hazard page shows before → after, approver and SHAs", async () => {
    const pr = await openLogPr(RESCORED, "Re-score HAZ-002 after the weight import incident");
    await pr.comment("cleo", "/safety sign-off");
    expect(pr.check().conclusion).toBe("success");
    const head = h.gh.requirePull(pr.ref).headSha;
    h.gh.clearRequests();
    await merge(pr);

    // One read more than any merge, and only because the PR changed the log: where it branched from its base.
    expect(compares()).toHaveLength(1);
    const data = mergeData(pr);
    expect(data.passed).toBe(true);
    expect(data.hazardLog).toEqual({
      path: LOG,
      blobBefore: gitBlobSha(HAZARD_LOG_YML),
      blobAfter: gitBlobSha(RESCORED),
      changes: [
        {
          id: "HAZ-002",
          title: "Paediatric dose uses a stale weight or the wrong unit",
          change: "rescored",
          fields: ["residual"],
          initialBefore: 5,
          initialAfter: 5,
          residualBefore: 3,
          residualAfter: 4,
          statusBefore: "open",
          statusAfter: "open",
          before: { residual: { severity: "catastrophic", likelihood: "very-low" } },
          after: { residual: { severity: "catastrophic", likelihood: "low" } },
        },
      ],
    });
    expect(data.signOffs).toEqual([expect.objectContaining({ role: "cso", actor: "cleo", name: "Dr Cleo Smith", headSha: head })]);

    const hazard = await page(`/audit/${repo}/hazard/HAZ-002`);
    expect(hazard.status).toBe(200);
    const history = /<h2 id="history">[\s\S]*?<h2 id="pull-requests">/.exec(hazard.body)?.[0] ?? "";
    const text = mainText(`<main>${history}</main>`);
    expect(text).toContain(`Re-scored in ${repo}#${pr.number} Re-score HAZ-002 after the weight import incident`);
    expect(text).toContain("Risk increased");
    expect(text).toContain("Residual risk 3 — undesirable → 4 — must be reduced");
    expect(text).toContain("Initial risk 5 — unacceptable (unchanged)");
    expect(text).toContain("residual: catastrophic × very-low → catastrophic × low");
    expect(text).toContain("Dr Cleo Smith (cleo), cso: clinical safety approval as CSO");
    expect(history).toContain(`title="${head}"`);
    expect(history).toContain(`title="${gitBlobSha(RESCORED)}"`);
    expect(history).toContain(`href="/audit/${repo}/pull/${pr.number}"`);

    const json = JSON.parse((await page(`/audit/${repo}/hazard/HAZ-002?format=json`)).body) as { history: unknown[] };
    expect(json.history).toEqual([
      expect.objectContaining({
        pr: pr.number,
        headSha: head,
        blobAfter: gitBlobSha(RESCORED),
        change: expect.objectContaining({ change: "rescored", residualBefore: 3, residualAfter: 4 }),
        signOffs: [expect.objectContaining({ name: "Dr Cleo Smith", meaning: "clinical safety approval as CSO" })],
      }),
    ]);
  });

  it("the hazard index lists every hazard with its current rating and the PRs that linked or changed it", async () => {
    const rescore = await openLogPr(RESCORED, "Re-score HAZ-002");
    await rescore.comment("cleo", "/safety sign-off");
    await merge(rescore);
    const linker = await PrDriver.open(h, { body: "Addresses HAZ-002 and HAZ-006", title: "Re-confirm stale weights" });

    const index = await page(`/audit/${repo}/hazards`);
    expect(index.status).toBe(200);
    const rows = [...index.body.matchAll(/<tr>\s*<th scope="row">([\s\S]*?)<\/tr>/g)].map((m) => mainText(`<main>${m[1]}</main>`));
    expect(rows).toHaveLength(10);
    expect(rows[1]).toBe(
      `HAZ-002 Paediatric dose uses a stale weight or the wrong unit open 5 — unacceptable 4 — must be reduced #${rescore.number} re-scored #${linker.number} linked (not merged)`,
    );
    expect(rows[5]).toMatch(new RegExp(`^HAZ-006 .* #${linker.number} linked \\(not merged\\)$`));
    expect(rows[2]).toMatch(/^HAZ-003 .* none$/);
    expect(index.body).toContain(`href="/audit/${repo}/hazard/HAZ-002"`);

    const json = JSON.parse((await page(`/audit/${repo}/hazards?format=json`)).body) as {
      hazards: { id: string; residualRating: number; pullRequests: { pr: number; linked: boolean; changes: string[] }[] }[];
    };
    expect(json.hazards.find((x) => x.id === "HAZ-002")).toMatchObject({
      residualRating: 4,
      // Merged first, newest first; then those still open.
      pullRequests: [
        { pr: rescore.number, linked: false, changes: ["rescored"] },
        { pr: linker.number, linked: true, changes: [] },
      ],
    });
  });

  it("a change made on the base meanwhile is not taken for the PR's: the log is compared where the PR branched", async () => {
    const rescore = await openLogPr(RESCORED, "Re-score HAZ-002");
    const branchedFrom = h.gh.requirePull(rescore.ref).baseSha;
    // Another PR rewords HAZ-003 and merges first; GitHub then reports the newer base commit for the first PR.
    const reword = await openLogPr(HAZ_003_REWORDED, "Reword HAZ-003");
    await reword.comment("cleo", "/safety sign-off");
    await merge(reword);
    expect(mergeData(reword).hazardLog?.changes.map((c) => [c.id, c.change])).toEqual([["HAZ-003", "changed"]]);
    h.gh.requirePull(rescore.ref).baseSha = h.gh.requirePull(reword.ref).headSha;

    await rescore.comment("cleo", "/safety sign-off");
    await merge(rescore);
    const log = mergeData(rescore).hazardLog;
    expect(log?.blobBefore).toBe(gitBlobSha(HAZARD_LOG_YML));
    expect(h.gh.requirePull(rescore.ref).baseSha).not.toBe(branchedFrom);
    expect(log?.changes.map((c) => [c.id, c.change])).toEqual([["HAZ-002", "rescored"]]);
  });

  it("a merge that leaves the log alone records no hazardLog, and costs no comparison", async () => {
    const pr = await PrDriver.open(h, { body: "Affects HAZ-002" });
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    h.gh.clearRequests();
    await merge(pr);
    expect(mergeData(pr)).not.toHaveProperty("hazardLog");
    expect(compares()).toEqual([]);
    const hazard = mainText((await page(`/audit/${repo}/hazard/HAZ-002`, HAZARD_LOG_YML)).body);
    expect(hazard).toContain("The trail records no merged change to this hazard's entry.");
  });
});
