import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { createUserGitHub } from "../../src/github/user-github.js";
import type { ReleaseJson } from "../../src/reports/release-json.js";
import { renderPage } from "../../src/web/pages/index.js";
import type { PageResponse } from "../../src/web/types.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import { mainText } from "../unit/web/pages/text.js";
import { HAZARD_LOG_YML, OWNER, PrDriver, REPO, startHarness, type Harness, simulatorFetch } from "./harness.js";

/**
 * The release report for the safety case (issue 9 item 2), through the simulator: a governance PR re-scores
 * HAZ-002's residual risk 3 → 4 and is merged with the CSO's signature, a clinical change with reasoned
 * answers is merged, a commit reaches main with no record; the report over that range flags the risk
 * increase, lists the hazard log's change with its approver, shows the answers and signatures, calls the
 * unrecorded commit unassessed, names the trail's head, and shows the CSO's approval once the trail holds
 * one for exactly that range.
 */

const LOG = "docs/safety/hazard-log.yml";
const repo = `${OWNER}/${REPO}`;
const BANNER = "Risk increased: the safety case must be re-issued (DCB0129 §7.3)";
/** HAZ-002's residual likelihood very-low → low: residual rating 3 → 4 (catastrophic). */
const RESCORED = HAZARD_LOG_YML.replace(/(id: HAZ-002[\s\S]*?residual: \{ severity: catastrophic, likelihood: )very-low/, "$1low");

/** `fetch` straight into the simulator's router, as the audit pages' user-token calls would reach GitHub. */

describe("The release report for the safety case: risk increases, hazard log changes, signatures, approval", () => {
  let h: Harness;
  const page = (path: string): Promise<PageResponse> => {
    const github = createUserGitHub({
      apiBase: "https://api.github.com",
      token: h.gh.issueUserToken("cleo"),
      login: "cleo",
      fetch: simulatorFetch(h),
    });
    return renderPage(
      { method: "GET", url: new URL(path, "http://localhost"), github },
      { audit: h.audit, publicUrl: "https://gate.example.org", now: () => new Date(h.gh.now()) },
    );
  };
  const merge = async (pr: PrDriver) => {
    h.gh.tick(60);
    h.gh.closePullRequest(pr.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
  };
  const main = () => h.gh.requireRepo(OWNER, REPO).branches.main as string;

  beforeEach(async () => {
    h = await startHarness({ publicUrl: "https://gate.example.org" });
    h.gh.setUserName("cleo", "Dr Cleo Smith");
    h.gh.setUserName("pat", "Pat Okafor");
  });
  afterEach(async () => {
    expect(verifyChain(h.audit.records).ok).toBe(true);
    await h.close();
  });

  /** The release v1 → v2: the re-score (#governance), a clinical change with reasons (#clinical), an unrecorded commit. */
  async function release(): Promise<{ from: string; to: string; governance: PrDriver; clinical: PrDriver; unseen: string }> {
    const from = main();
    const governance = new PrDriver(
      h,
      h.gh.openPullRequest({
        owner: OWNER,
        repo: REPO,
        title: "Re-score HAZ-002 after the weight import incident",
        author: "dev",
        files: [{ filename: LOG, content: RESCORED }],
      }).number,
    );
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...governance.ref, sender: "dev" }));
    await governance.comment("cleo", "/safety sign-off");
    expect(governance.check().conclusion).toBe("success");
    await merge(governance);

    const clinical = await PrDriver.open(h, { body: "Affects HAZ-002", title: "Round doses to 0.1 mL" });
    await clinical.comment("dev", "/safety answer decision-logic no because only the rounding step changes");
    await clinical.comment("dev", "/safety answer calculations yes because doses are rounded to 0.1 mL");
    await clinical.comment("pat", "/safety sign-off cpm");
    await clinical.comment("cleo", "/safety sign-off cso");
    expect(clinical.check().conclusion).toBe("success");
    await merge(clinical);

    // Pushed straight to main while the app was not installed: GitHub sent no webhook, the trail has nothing.
    const { after: unseen } = h.gh.commitToBranch(OWNER, REPO, "main", { "src/prescribing/dose/units.ts": "// mg" }, { message: "Quick fix" });
    return { from, to: main(), governance, clinical, unseen };
  }

  it("a re-score of HAZ-002 3 → 4 in the range: riskIncreased, the banner on the page and in the Markdown, the change with its PR, approver and SHA", async () => {
    const { from, to, governance, clinical, unseen } = await release();
    const query = `/audit/${repo}/release?from=${from}&to=${to}`;

    const json = JSON.parse((await page(`${query}&format=json`)).body) as ReleaseJson;
    expect(json.riskIncreased).toEqual(["HAZ-002"]);
    expect(json.hazardChanges).toEqual([
      expect.objectContaining({
        id: "HAZ-002",
        change: "rescored",
        pr: governance.number,
        residualBefore: 3,
        residualAfter: 4,
        mergeSha: h.gh.requirePull(governance.ref).headSha,
        approvers: [expect.objectContaining({ role: "cso", actor: "cleo", name: "Dr Cleo Smith" })],
        path: LOG,
      }),
    ]);
    expect(json.hazardChanges[0]?.blobBefore).toMatch(/^[0-9a-f]{40}$/);
    expect(json.hazardChanges[0]?.blobAfter).not.toBe(json.hazardChanges[0]?.blobBefore);
    // Every commit accounted for, the unrecorded one loudly.
    expect(json.commits.map((c) => [c.sha, c.status, c.pr])).toEqual([
      [h.gh.requirePull(governance.ref).headSha, "assessed", governance.number],
      [h.gh.requirePull(clinical.ref).headSha, "assessed", clinical.number],
      [unseen, "unassessed", null],
    ]);
    // The trail's head when the report was read, and the range as GitHub resolved it.
    const head = h.audit.records.at(-1);
    expect(json.auditHead).toEqual({ seq: head?.seq, hash: head?.hash });
    expect([json.fromSha, json.toSha]).toEqual([from, to]);
    expect(json.approval).toBeNull();

    const html = await page(query);
    const text = mainText(html.body);
    expect(html.body.indexOf(BANNER)).toBeGreaterThan(-1);
    expect(text).toContain(
      `${BANNER}. Residual risk went up in this release for: HAZ-002 Paediatric dose uses a stale weight or the wrong unit: residual 3 — undesirable → 4 — must be reduced, by #${governance.number}`,
    );
    expect(text).toContain("Hazard log changes in this release");
    expect(text).toContain(`re-scored: residual 3 — undesirable → 4 — must be reduced #${governance.number} Dr Cleo Smith (cleo), cso`);
    expect(text).toContain("1 commit is unassessed");

    const md = (await page(`${query}&format=md`)).body;
    expect(md).toContain(`> **${BANNER}.** Residual risk went up in this release for HAZ-002`);
    expect(md).toContain("## Hazard log changes in this release");
    expect(md).toContain(`| \`${unseen.slice(0, 7)}\` | **UNASSESSED** |`);
  });

  it("shows each change's answers with their reasons and its signatures with name, login, role, time, meaning and SHA", async () => {
    const { from, to, clinical } = await release();
    const json = JSON.parse((await page(`/audit/${repo}/release?from=${from}&to=${to}&format=json`)).body) as ReleaseJson;
    const change = json.changes.find((c) => c.pr === clinical.number);
    expect(change?.answers).toEqual([
      expect.objectContaining({ questionId: "decision-logic", answer: "no", answeredBy: "dev", reason: "only the rounding step changes" }),
      expect.objectContaining({ questionId: "calculations", answer: "yes", answeredBy: "dev", reason: "doses are rounded to 0.1 mL" }),
    ]);
    const head = h.gh.requirePull(clinical.ref).headSha;
    // In the order the rules require the roles, each with the name the GitHub profile gives.
    expect(change?.signOffs).toEqual([
      {
        role: "cso",
        actor: "cleo",
        name: "Dr Cleo Smith",
        at: expect.stringMatching(/Z$/),
        meaning: "clinical safety approval as CSO",
        headSha: head,
      },
      { role: "cpm", actor: "pat", name: "Pat Okafor", at: expect.stringMatching(/Z$/), meaning: "clinical impact approval as CPM", headSha: head },
    ]);
    const text = mainText((await page(`/audit/${repo}/release?from=${from}&to=${to}`)).body);
    expect(text).toContain(
      "Does this change a calculation (doses, units, rounding, date arithmetic)? calculations Yes because doses are rounded to 0.1 mL",
    );
    expect(text).toMatch(new RegExp(`Dr Cleo Smith \\(cleo\\) cso \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC clinical safety approval as CSO ${head}`));
  });

  it("shows a release approval recorded in the trail for exactly this range, and not for another", async () => {
    const { from, to } = await release();
    const query = `/audit/${repo}/release?from=${from}&to=${to}`;
    const before = mainText((await page(query)).body);
    expect(before).toContain("Not approved: no release approval by the CSO is recorded for this range. Approve this release");

    const head = h.audit.records.at(-1);
    await h.audit.append({
      kind: "release-approval",
      actor: "cleo",
      at: new Date(h.gh.now()).toISOString(),
      repo,
      pr: null,
      headSha: to,
      configSha: null,
      data: {
        from,
        to,
        fromSha: from,
        toSha: to,
        meaning: "clinical safety approval of the release as CSO",
        name: "Dr Cleo Smith",
        method: "audit-page",
        rationale: "HAZ-002's re-score is reflected in the safety case v1.1",
        auditHead: { seq: head?.seq ?? 0, hash: head?.hash ?? "" },
      },
    });
    const json = JSON.parse((await page(`${query}&format=json`)).body) as ReleaseJson;
    expect(json.approval).toMatchObject({
      by: "cleo",
      name: "Dr Cleo Smith",
      meaning: "clinical safety approval of the release as CSO",
      method: "audit-page",
      rationale: "HAZ-002's re-score is reflected in the safety case v1.1",
      auditHead: { seq: head?.seq, hash: head?.hash },
    });
    expect(json.auditHead.seq).toBe((head?.seq ?? 0) + 1);
    expect(mainText((await page(query)).body)).toMatch(
      /Approved by Dr Cleo Smith \(cleo\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC: clinical safety approval of the release as CSO\./,
    );
    expect((await page(`${query}&format=md`)).body).toContain("**Approved** by Dr Cleo Smith (cleo) at ");

    // A commit on main after the release: the same refs by name would be another range, which nobody approved.
    h.gh.commitToBranch(OWNER, REPO, "main", { "README.md": "more" });
    const later = JSON.parse((await page(`/audit/${repo}/release?from=${from}&to=main&format=json`)).body) as ReleaseJson;
    expect([later.toSha === to, later.approval]).toEqual([false, null]);
  });
});
