import { describe, it, expect } from "@jest/globals";
import { Probot } from "probot";
import {
  checkRunRerequestedEvent,
  issueCommentEvent,
  pullRequestEvent,
  pushEvent,
  realExample,
  reviewEvent,
  type PullRequestAction,
} from "../../simulator/payloads.js";
import { GitHubState } from "../../simulator/state.js";
import { silentLog } from "./client.js";

const ref = { owner: "acme", repo: "ehr", number: 1 };

function setup() {
  const state = new GitHubState({ now: "2024-05-01T10:00:00Z" });
  state.addRepo({ owner: "acme", name: "ehr", installationId: 77, files: { "src/dose.ts": "v1\n", "old.txt": "o\n" } });
  state.openPullRequest({ owner: "acme", repo: "ehr", title: "Dose", body: "HAZ-001", author: "dev", labels: ["clinical-impact"] });
  return state;
}

/** The example payloads name their own repository; none of that may leak into ours. */
function leaksExample(payload: unknown): boolean {
  return /hello-world|codertocat\/|octocoders/i.test(JSON.stringify(payload));
}

describe("realExample", () => {
  it("is a deep clone: changing it leaves the package's copy alone", () => {
    const first = realExample("pull_request", "opened");
    first.number = -1;
    expect(realExample("pull_request", "opened").number).not.toBe(-1);
  });

  it("throws for an event the package has no example of", () => {
    expect(() => realExample("push", "no-such-action")).toThrow(/no push\.no-such-action example/);
  });
});

describe("pullRequestEvent", () => {
  it.each<PullRequestAction>(["opened", "reopened", "synchronize", "edited", "ready_for_review", "closed"])("%s agrees with the state", (action) => {
    const state = setup();
    const pr = state.requirePull(ref);
    const { name, payload } = pullRequestEvent(state, action, ref);
    expect(name).toBe("pull_request");
    expect({
      action: payload.action,
      number: payload.number,
      head: payload.pull_request.head.sha,
      headRef: payload.pull_request.head.ref,
      base: payload.pull_request.base.ref,
      author: payload.pull_request.user?.login,
      labels: payload.pull_request.labels.map((l) => l.name),
      repo: payload.repository.full_name,
      defaultBranch: payload.repository.default_branch,
      installation: (payload as { installation?: { id: number } }).installation?.id,
      sender: payload.sender?.login,
    }).toEqual({
      action,
      number: 1,
      head: pr.headSha,
      headRef: pr.headRef,
      base: "main",
      author: "dev",
      labels: ["clinical-impact"],
      repo: "acme/ehr",
      defaultBranch: "main",
      installation: 77,
      sender: "dev",
    });
    expect(leaksExample(payload)).toBe(false);
  });

  it("labeled carries the label, and the sender given", () => {
    const state = setup();
    state.addLabels(ref, ["clinical-safety: bypassed"]);
    const { payload } = pullRequestEvent(state, "labeled", { ...ref, label: "clinical-safety: bypassed", sender: "lead" });
    expect(payload.action === "labeled" && [payload.label?.name, payload.sender.login]).toEqual(["clinical-safety: bypassed", "lead"]);
  });

  it("synchronize says which head it moved from", () => {
    const state = setup();
    const { before, after } = state.pushToPullRequest(ref);
    const { payload } = pullRequestEvent(state, "synchronize", ref);
    expect(payload.action === "synchronize" && [payload.before, payload.after, payload.pull_request.head.sha]).toEqual([before, after, after]);
  });

  it("edited reports what the edit replaced", () => {
    const state = setup();
    state.editPullRequest(ref, { body: "HAZ-002" });
    const { payload } = pullRequestEvent(state, "edited", ref);
    expect(payload.action === "edited" && [payload.changes, payload.pull_request.body]).toEqual([{ body: { from: "HAZ-001" } }, "HAZ-002"]);
  });

  it("closed reports whether it merged", () => {
    const state = setup();
    state.closePullRequest(ref, { merged: true });
    const { payload } = pullRequestEvent(state, "closed", ref);
    expect([payload.pull_request.state, payload.pull_request.merged]).toEqual(["closed", true]);
  });

  it("draft follows the state", () => {
    const state = setup();
    state.setDraft(ref, true);
    expect(pullRequestEvent(state, "opened", ref).payload.pull_request.draft).toBe(true);
  });
});

describe("issueCommentEvent", () => {
  it("created: the issue is the PR and the comment is the stored one", () => {
    const state = setup();
    const comment = state.addComment({ ...ref, user: "cso", body: "/safety sign-off cso" });
    const { name, payload } = issueCommentEvent(state, "created", { owner: "acme", repo: "ehr", commentId: comment.id });
    expect(name).toBe("issue_comment");
    expect([
      payload.issue.number,
      Boolean(payload.issue.pull_request),
      payload.comment.id,
      payload.comment.body,
      payload.comment.user?.login,
      payload.sender.login,
    ]).toEqual([1, true, comment.id, "/safety sign-off cso", "cso", "cso"]);
    expect(leaksExample(payload)).toBe(false);
  });

  it("edited: changes.body.from is the body before the edit, and the editor can differ", () => {
    const state = setup();
    const comment = state.addComment({ ...ref, user: "cso", body: "/safety sign-off cso" });
    state.editComment(comment.id, "/safety sign-off cpm");
    const { payload } = issueCommentEvent(state, "edited", { owner: "acme", repo: "ehr", commentId: comment.id, sender: "mallory" });
    expect(payload.action === "edited" && [payload.changes.body?.from, payload.comment.body, payload.sender.login]).toEqual([
      "/safety sign-off cso",
      "/safety sign-off cpm",
      "mallory",
    ]);
  });

  it("edited without a known previous body refuses to guess", () => {
    const state = setup();
    const comment = state.addComment({ ...ref, user: "cso", body: "x" });
    expect(() => issueCommentEvent(state, "edited", { owner: "acme", repo: "ehr", commentId: comment.id })).toThrow(/from/);
  });
});

describe("reviewEvent", () => {
  it("submitted carries the review on the commit it was made on, state in webhook case", () => {
    const state = setup();
    const review = state.addReview({ ...ref, user: "cso", body: "/safety sign-off", state: "APPROVED" });
    state.pushToPullRequest(ref);
    const { payload } = reviewEvent(state, "submitted", { owner: "acme", repo: "ehr", reviewId: review.id });
    expect([payload.review.id, payload.review.state, payload.review.commit_id, payload.review.body, payload.pull_request.number]).toEqual([
      review.id,
      "approved",
      review.commitId,
      "/safety sign-off",
      1,
    ]);
    expect(payload.pull_request.head.sha).not.toBe(review.commitId);
    expect(leaksExample(payload)).toBe(false);
  });
});

describe("checkRunRerequestedEvent", () => {
  it("names the run, its commit and the PR whose head it is", () => {
    const state = setup();
    const pr = state.requirePull(ref);
    const run = {
      id: state.nextId(),
      owner: "acme",
      repo: "ehr",
      name: "Clinical safety",
      headSha: pr.headSha,
      status: "completed" as const,
      conclusion: "failure" as const,
      startedAt: state.now(),
      completedAt: state.now(),
      detailsUrl: null,
      externalId: null,
      output: { title: null, summary: null, text: null, annotations: [] },
      appId: state.app.id,
    };
    state.checkRuns.push(run);
    const { payload } = checkRunRerequestedEvent(state, { owner: "acme", repo: "ehr", checkRunId: run.id, sender: "dev" });
    expect([
      payload.action,
      payload.check_run.id,
      payload.check_run.head_sha,
      payload.check_run.pull_requests.map((p) => p.number),
      payload.check_run.check_suite.head_sha,
    ]).toEqual(["rerequested", run.id, pr.headSha, [1], pr.headSha]);
    expect(leaksExample(payload)).toBe(false);
  });
});

describe("pushEvent", () => {
  it("lists each commit with its added, modified and removed paths", () => {
    const state = setup();
    const first = state.commitToBranch("acme", "ehr", "main", { ".github/clinical-safety.yml": "rules: []\n", "src/dose.ts": "v2\n" });
    const second = state.commitToBranch("acme", "ehr", "main", { "old.txt": null });
    const { name, payload } = pushEvent(state, { owner: "acme", repo: "ehr", branch: "main", before: first.before });
    expect(name).toBe("push");
    expect([payload.ref, payload.before, payload.after]).toEqual(["refs/heads/main", first.before, second.after]);
    expect(payload.commits.map((c) => [c.id, c.added, c.modified, c.removed])).toEqual([
      [first.after, [".github/clinical-safety.yml"], ["src/dose.ts"], []],
      [second.after, [], [], ["old.txt"]],
    ]);
    expect(payload.head_commit?.id).toBe(second.after);
    expect(leaksExample(payload)).toBe(false);
  });

  it("defaults to the branch's last commit", () => {
    const state = setup();
    const { before, after } = state.commitToBranch("acme", "ehr", "main", { "a.txt": "a\n" });
    const { payload } = pushEvent(state, { owner: "acme", repo: "ehr", branch: "main" });
    expect([payload.before, payload.after, payload.commits.length]).toEqual([before, after, 1]);
  });
});

describe("events reach a Probot app", () => {
  it("probot.receive takes the built event and the handler sees the state's values", async () => {
    const state = setup();
    const seen: string[] = [];
    const probot = new Probot({ githubToken: "test", log: silentLog });
    await probot.load((app) => {
      app.on("pull_request.opened", async (context) => {
        // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- Probot types repo() as never for this event; it is the payload's strings
        seen.push(`${context.repo().owner}/${context.repo().repo}#${context.payload.number}@${context.payload.pull_request.head.sha}`);
      });
    });
    await probot.receive(pullRequestEvent(state, "opened", ref));
    expect(seen).toEqual([`acme/ehr#1@${state.requirePull(ref).headSha}`]);
  });
});
