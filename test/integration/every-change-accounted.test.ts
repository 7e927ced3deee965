import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { MergeData } from "../../src/audit/evidence.js";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { createUserGitHub } from "../../src/github/user-github.js";
import { renderPage } from "../../src/web/pages/index.js";
import type { PageResponse } from "../../src/web/types.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import { textOf } from "../unit/web/pages/text.js";
import { OWNER, PrDriver, REPO, startHarness, type Harness, simulatorFetch } from "./harness.js";

/**
 * Every change accounted for (issue 9, items 1 and 10): every merge into a protected base is recorded,
 * relevant or not, with the other checks on its merged head; the release report lists every commit of a
 * range as assessed, not relevant, bypass or unassessed; a merge with a check failing is flagged.
 */

/** `fetch` straight into the simulator's router, as the audit pages' user-token calls would reach GitHub. */

type ReleaseJson = {
  commits: {
    sha: string;
    status: string;
    pr: number | null;
    configSha: string | null;
    classifiedAt: string | null;
    bypass: { review: unknown } | null;
    verification: { flags: string[]; checks: { name: string; verdict: string }[] } | null;
  }[];
  commitCounts: Record<string, number>;
};

describe("Every change accounted for: every merge recorded, every commit of a release classified, verification kept", () => {
  let h: Harness;
  const repo = `${OWNER}/${REPO}`;
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
  const mergeRecord = (pr: PrDriver) => h.audit.records.find((r) => r.kind === "merge" && r.pr === pr.number);
  const signedOff = async () => {
    const pr = await PrDriver.open(h, { body: "Affects HAZ-002", title: "Round doses to 0.1 mL" });
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    return pr;
  };

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    expect(verifyChain(h.audit.records).ok).toBe(true);
    await h.close();
  });

  it("a merge judged not clinically relevant is recorded (files, rules, config) and listed with the filter, not without it", async () => {
    const pr = await PrDriver.open(h, { files: ["README.md", "docs/usage.md"], title: "Fix a typo in the README" });
    h.gh.clearRequests();
    await merge(pr);
    // Reads only: a merge that is not a bypass writes nothing to GitHub.
    expect(h.gh.requests.filter((r) => r.method !== "GET")).toEqual([]);

    const record = mergeRecord(pr);
    expect(record).toBeDefined();
    const data = record?.data as unknown as MergeData;
    expect(data).toMatchObject({ relevant: false, passed: true, rules: [], files: ["README.md", "docs/usage.md"], moreFiles: 0 });
    expect(data.gate.state).toBe("not-relevant");
    expect(record?.configSha).toMatch(/^[0-9a-f]{40}$/);
    expect(h.audit.records.some((r) => r.kind === "bypass")).toBe(false);

    const shown = await page("/audit?all=1&format=json");
    const withFilter = (JSON.parse(shown.body) as { changes: { pr: number | null; relevant: boolean }[] }).changes;
    expect(withFilter.find((c) => c.pr === pr.number)).toMatchObject({ relevant: false });
    const hidden = await page("/audit?format=json");
    expect((JSON.parse(hidden.body) as { changes: { pr: number | null }[] }).changes.some((c) => c.pr === pr.number)).toBe(false);

    const evidence = textOf((await page(`/audit/${repo}/pull/${pr.number}`)).body);
    expect(evidence).not.toContain("not merged");
    expect(evidence).toContain("not clinically relevant");
    expect(evidence).toContain("README.md");
  });

  it("a merge's file list is capped at 300 names and says how many more", async () => {
    const files = Array.from({ length: 305 }, (_, i) => `docs/page-${String(i).padStart(3, "0")}.md`);
    const pr = await PrDriver.open(h, { files });
    await merge(pr);
    const data = mergeRecord(pr)?.data as unknown as MergeData;
    expect(data.files).toHaveLength(300);
    expect(data.moreFiles).toBe(5);
  });

  it("a merge into a base the gate does not protect stays unrecorded", async () => {
    h.gh.commitToBranch(OWNER, REPO, "experiment", { "notes.md": "x" });
    const pr = await PrDriver.open(h, { base: "experiment", files: ["src/prescribing/dose/round.ts"] });
    await merge(pr);
    expect(mergeRecord(pr)).toBeUndefined();
  });

  it("the release report lists every commit of the range: assessed, not relevant, bypass, and unassessed for one with no record", async () => {
    const from = h.gh.requireRepo(OWNER, REPO).branches.main as string;
    const assessed = await signedOff();
    const firstHead = h.gh.requirePull(assessed.ref).headSha;
    await assessed.push();
    await assessed.comment("pat", "/safety sign-off cpm");
    await assessed.comment("cleo", "/safety sign-off cso");
    await merge(assessed);

    const docs = await PrDriver.open(h, { files: ["README.md"], title: "Docs" });
    await merge(docs);

    // Pushed straight to main while the app was not installed: GitHub sent no webhook, the trail has nothing.
    const { after: unseen } = h.gh.commitToBranch(OWNER, REPO, "main", { "src/prescribing/dose/units.ts": "// mg" }, { message: "Quick fix" });

    const bypass = await PrDriver.open(h, { title: "Hotfix the dose table" });
    await merge(bypass);
    const to = h.gh.requireRepo(OWNER, REPO).branches.main as string;

    const json = await page(`/audit/${repo}/release?from=${from}&to=${to}&format=json`);
    expect(json.status).toBe(200);
    const report = JSON.parse(json.body) as ReleaseJson;
    const statusOf = new Map(report.commits.map((c) => [c.sha, c]));
    expect(report.commits).toHaveLength(5);
    // The first head of the PR, pushed over before the sign-off, is traced to it by the heads the trail saw.
    expect(statusOf.get(firstHead)).toMatchObject({ status: "assessed", pr: assessed.number });
    expect(statusOf.get(h.gh.requirePull(assessed.ref).headSha)).toMatchObject({ status: "assessed", pr: assessed.number });
    expect(statusOf.get(h.gh.requirePull(docs.ref).headSha)).toMatchObject({ status: "not-relevant", pr: docs.number });
    expect(statusOf.get(h.gh.requirePull(docs.ref).headSha)?.configSha).toMatch(/^[0-9a-f]{40}$/);
    expect(statusOf.get(h.gh.requirePull(docs.ref).headSha)?.classifiedAt).not.toBeNull();
    expect(statusOf.get(unseen)).toMatchObject({ status: "unassessed", pr: null, bypass: null });
    expect(statusOf.get(h.gh.requirePull(bypass.ref).headSha)).toMatchObject({ status: "bypass", pr: bypass.number, bypass: { review: null } });
    expect(report.commitCounts).toEqual({ assessed: 2, "not-relevant": 1, bypass: 1, unassessed: 1 });

    const html = await page(`/audit/${repo}/release?from=${from}&to=${to}`);
    const text = textOf(html.body);
    expect(html.body).toMatch(/role="alert"><p><strong>1 commit is unassessed<\/strong>/);
    expect(text).toContain("no record in the audit trail");
    expect(text).toMatch(/classified not clinically relevant at \d{4}-\d\d-\d\d \d\d:\d\d UTC, under config [0-9a-f]{7}/);
    expect(text).toContain("not reviewed");

    const md = (await page(`/audit/${repo}/release?from=${from}&to=${to}&format=md`)).body;
    expect(md).toContain("**WARNING: 1 commit is UNASSESSED**");
    expect(md).toContain(`| \`${unseen.slice(0, 7)}\` | **UNASSESSED** |`);
    expect(md).toContain("## Every commit in the release");
  });

  it("a merge with another check failing on its merged head is flagged on the evidence page and in the release report", async () => {
    const from = h.gh.requireRepo(OWNER, REPO).branches.main as string;
    const pr = await signedOff();
    const head = h.gh.requirePull(pr.ref).headSha;
    h.gh.addOtherAppCheckRun({ owner: OWNER, repo: REPO, headSha: head, name: "unit <b>tests</b>", conclusion: "failure" });
    h.gh.addOtherAppCheckRun({ owner: OWNER, repo: REPO, headSha: head, name: "build", conclusion: "success" });
    h.gh.addOtherAppCheckRun({ owner: OWNER, repo: REPO, headSha: head, name: "e2e", status: "in_progress" });
    h.gh.setCommitStatus({ owner: OWNER, repo: REPO, sha: head, context: "ci/lint", state: "pending" });
    h.gh.setCommitStatus({ owner: OWNER, repo: REPO, sha: head, context: "ci/lint", state: "success" });
    h.gh.setCommitStatus({ owner: OWNER, repo: REPO, sha: head, context: "coverage", state: "error" });
    await merge(pr);

    const data = mergeRecord(pr)?.data as unknown as MergeData;
    // The gate's own check is not evidence of verification; the others are, each with its app and result.
    expect(data.verification).toEqual({
      error: null,
      checks: [
        { kind: "check-run", name: "build", app: "github-actions", result: "success", verdict: "ok" },
        { kind: "check-run", name: "e2e", app: "github-actions", result: "in_progress", verdict: "missing" },
        { kind: "check-run", name: "unit <b>tests</b>", app: "github-actions", result: "failure", verdict: "failing" },
        { kind: "status", name: "ci/lint", app: null, result: "success", verdict: "ok" },
        { kind: "status", name: "coverage", app: null, result: "error", verdict: "failing" },
      ],
    });
    // Still a passed gate: the other checks are evidence, not the gate's decision.
    expect(data.passed).toBe(true);

    const evidence = await page(`/audit/${repo}/pull/${pr.number}`);
    expect(evidence.body).not.toContain("<b>tests</b>");
    const text = textOf(evidence.body);
    expect(text).toContain("Merged with a check failing or missing");
    expect(text).toContain("unit <b>tests</b> was failure at merge");
    expect(text).toContain("e2e had no result at merge (in progress)");
    expect(text).toContain("coverage was error at merge");

    const to = h.gh.requireRepo(OWNER, REPO).branches.main as string;
    const report = JSON.parse((await page(`/audit/${repo}/release?from=${from}&to=${to}&format=json`)).body) as ReleaseJson;
    const commit = report.commits.find((c) => c.sha === head);
    expect(commit?.status).toBe("assessed");
    expect(commit?.verification?.flags).toEqual([
      "e2e had no result at merge (in progress)",
      "unit <b>tests</b> was failure at merge",
      "coverage was error at merge",
    ]);
    const md = (await page(`/audit/${repo}/release?from=${from}&to=${to}&format=md`)).body;
    expect(md).toMatch(/\*\*failing or missing\*\*: e2e had no result at merge/);
    const releasePage = await page(`/audit/${repo}/release?from=${from}&to=${to}`);
    expect(textOf(releasePage.body)).toContain("check failing or missing");
  });

  it("every page of check runs is read, and a failure to read them is kept in the record and flagged, never a bypass", async () => {
    const pr = await signedOff();
    const head = h.gh.requirePull(pr.ref).headSha;
    for (let i = 0; i < 120; i += 1) h.gh.addOtherAppCheckRun({ owner: OWNER, repo: REPO, headSha: head, name: `shard ${i}` });
    h.gh.addOtherAppCheckRun({ owner: OWNER, repo: REPO, headSha: head, name: "shard last", conclusion: "failure" });
    await merge(pr);
    const data = mergeRecord(pr)?.data as unknown as MergeData;
    expect(data.verification?.checks).toHaveLength(121);
    expect(data.verification?.checks.find((c) => c.name === "shard last")?.verdict).toBe("failing");

    const other = await signedOff();
    h.gh.failNext("GET", /\/commits\/[0-9a-f]+\/status$/, 403);
    await merge(other);
    const unread = mergeRecord(other)?.data as unknown as MergeData;
    expect(unread.verification).toEqual({ checks: [], error: "GitHub answered HTTP 403" });
    expect(unread.passed).toBe(true);
    expect(h.audit.records.some((r) => r.kind === "bypass")).toBe(false);
    expect(textOf((await page(`/audit/${repo}/pull/${other.number}`)).body)).toContain(
      "the other checks on the merged head could not be read: GitHub answered HTTP 403",
    );
  });
});
