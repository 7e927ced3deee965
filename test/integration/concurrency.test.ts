import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent } from "../simulator/payloads.js";
import { appComments, checksOnHead, OWNER, REPO, startHarness, type Harness } from "./harness.js";

describe("Events for one PR are applied one at a time", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("two events arriving together for a new PR leave one comment and one check", async () => {
    const pr = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Dose",
      author: "dev",
      labels: ["clinical-impact"],
      files: [{ filename: "src/prescribing/a.ts", content: "x" }],
    });
    const ref = { owner: OWNER, repo: REPO, number: pr.number };
    await Promise.all([
      h.probot.receive(pullRequestEvent(h.gh, "opened", ref)),
      h.probot.receive(pullRequestEvent(h.gh, "labeled", { ...ref, label: "clinical-impact" })),
      h.probot.receive(pullRequestEvent(h.gh, "edited", ref)),
    ]);
    expect(appComments(h.gh, pr.number)).toHaveLength(1);
    expect(checksOnHead(h.gh, pr.number)).toHaveLength(1);
  });

  it("different PRs are not held up by each other's lock", async () => {
    const a = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "A",
      author: "dev",
      files: [{ filename: "src/prescribing/a.ts", content: "x" }],
    });
    const b = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "B",
      author: "dev",
      files: [{ filename: "src/prescribing/b.ts", content: "x" }],
    });
    await Promise.all([a, b].map((p) => h.probot.receive(pullRequestEvent(h.gh, "opened", { owner: OWNER, repo: REPO, number: p.number }))));
    expect(appComments(h.gh, a.number)).toHaveLength(1);
    expect(appComments(h.gh, b.number)).toHaveLength(1);
  });
});
