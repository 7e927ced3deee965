import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent } from "../simulator/payloads.js";
import { checksOnHead, OWNER, REPO, startHarness, type Harness } from "./harness.js";

describe("Step 1 — Classify: every changed path (all pages, renames) and every label", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("reads every page of files: a prescribing file on page 3 of 250 makes a draft PR relevant", async () => {
    const files = Array.from({ length: 250 }, (_, i) => ({ filename: `docs/notes/${String(i).padStart(3, "0")}.md`, content: "x" }));
    files.push({ filename: "src/prescribing/dose.ts", content: "export const dose = 1;" });
    const pr = h.gh.openPullRequest({ owner: OWNER, repo: REPO, title: "Dose", author: "dev", draft: true, files });
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { owner: OWNER, repo: REPO, number: pr.number }));

    const pages = h.gh.requestsMatching("GET", /\/pulls\/\d+\/files$/);
    expect(pages.map((r) => r.query.page ?? "1")).toEqual(["1", "2", "3"]);
    const [check] = checksOnHead(h.gh, pr.number);
    expect(check?.conclusion).toBe("action_required");
    expect(check?.output.text ?? check?.output.summary).toContain("src/prescribing/dose.ts");
  });

  it("counts a rename under its old path: moving a file out of src/prescribing is relevant", async () => {
    h.gh.setFile(OWNER, REPO, "main", "src/prescribing/legacy.ts", "old");
    const pr = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Move",
      author: "dev",
      files: [{ filename: "lib/legacy.ts", status: "renamed", previous_filename: "src/prescribing/legacy.ts", content: "old" }],
    });
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { owner: OWNER, repo: REPO, number: pr.number }));
    const [check] = checksOnHead(h.gh, pr.number);
    expect(check?.conclusion).toBe("action_required");
    expect(`${check?.output.summary}\n${check?.output.text}`).toContain("src/prescribing/legacy.ts");
  });

  it("treats a PR with more files than GitHub lists as relevant, and says so", async () => {
    const files = Array.from({ length: 3001 }, (_, i) => ({ filename: `docs/f${i}.md`, content: "x" }));
    const pr = h.gh.openPullRequest({ owner: OWNER, repo: REPO, title: "Huge", author: "dev", files });
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { owner: OWNER, repo: REPO, number: pr.number }));
    const [check] = checksOnHead(h.gh, pr.number);
    expect(check?.conclusion).toBe("action_required");
    const comment = h.gh.comments.find((c) => c.issueNumber === pr.number);
    expect(comment?.body).toMatch(/3000 of 3001/);
    // The unlisted files may include the hazard log: it is compared at base and head, unchanged here.
    expect(comment?.body).toContain("is added, removed or changed by this PR");
  });

  it("a label triggers a rule: labelling an unrelated PR clinical-impact makes it relevant", async () => {
    const pr = h.gh.openPullRequest({ owner: OWNER, repo: REPO, title: "Docs", author: "dev", files: [{ filename: "README.md", content: "x" }] });
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { owner: OWNER, repo: REPO, number: pr.number }));
    expect(checksOnHead(h.gh, pr.number)[0]?.conclusion).toBe("success");

    h.gh.addLabels({ owner: OWNER, repo: REPO, number: pr.number }, ["clinical-impact"]);
    await h.probot.receive(pullRequestEvent(h.gh, "labeled", { owner: OWNER, repo: REPO, number: pr.number, label: "clinical-impact" }));
    const [check] = checksOnHead(h.gh, pr.number);
    expect(check?.conclusion).toBe("action_required");
    expect(`${check?.output.summary}\n${check?.output.text}`).toContain("clinical-impact");
    // One check run per head, updated in place.
    expect(checksOnHead(h.gh, pr.number)).toHaveLength(1);
  });

  it.each(["reopened", "synchronize", "edited", "ready_for_review", "unlabeled"] as const)("re-evaluates on %s", async (action) => {
    const pr = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Dose",
      author: "dev",
      draft: true,
      files: [{ filename: "src/prescribing/a.ts", content: "1" }],
    });
    if (action === "synchronize") h.gh.pushToPullRequest({ owner: OWNER, repo: REPO, number: pr.number });
    await h.probot.receive(
      pullRequestEvent(h.gh, action, { owner: OWNER, repo: REPO, number: pr.number, ...(action === "unlabeled" ? { label: "x" } : {}) }),
    );
    expect(checksOnHead(h.gh, pr.number)[0]?.conclusion).toBe("action_required");
  });
});
