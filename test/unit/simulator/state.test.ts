import { describe, it, expect } from "@jest/globals";
import { GitHubState } from "../../simulator/state.js";

function stateWithRepo() {
  const state = new GitHubState({ now: "2024-05-01T10:00:00Z" });
  state.addRepo({ owner: "acme", name: "ehr", files: { "README.md": "hi\n", "src/dose.ts": "v1\n" } });
  return state;
}
const pr1 = { owner: "acme", repo: "ehr", number: 1 };

describe("clock", () => {
  it("reports whole seconds in GitHub's format and moves only when told", () => {
    const state = new GitHubState({ now: "2024-05-01T10:00:00.750Z" });
    expect(state.now()).toBe("2024-05-01T10:00:00Z");
    expect(state.tick(90)).toBe("2024-05-01T10:01:30Z");
    state.setNow("2025-01-02T03:04:05Z");
    expect(state.now()).toBe("2025-01-02T03:04:05Z");
  });

  it("stamps objects with the simulated time", () => {
    const state = stateWithRepo();
    state.openPullRequest({ owner: "acme", repo: "ehr", title: "t", author: "dev" });
    state.tick(60);
    expect(state.addComment({ ...pr1, user: "dev", body: "x" }).createdAt).toBe("2024-05-01T10:01:00Z");
  });
});

describe("repositories and refs", () => {
  it.each([
    [undefined, "v1\n"],
    ["main", "v1\n"],
    ["refs/heads/main", "v1\n"],
    ["no-such-branch", undefined],
  ])("resolves ref %j", (ref, text) => {
    const state = stateWithRepo();
    const repo = state.requireRepo("ACME", "EHR");
    const sha = state.resolveRef(repo, ref);
    expect(sha === undefined ? undefined : repo.trees[sha]?.["src/dose.ts"]).toBe(text);
  });

  it("creates a branch from the default branch when setFile names an unknown one", () => {
    const state = stateWithRepo();
    state.setFile("acme", "ehr", "config-change", ".github/clinical-safety.yml", "rules: []\n");
    expect(state.getFile("acme", "ehr", "config-change", "README.md")).toBe("hi\n");
    expect(state.getFile("acme", "ehr", "main", ".github/clinical-safety.yml")).toBeUndefined();
  });

  it("commits to a branch as a new commit and moves open PRs whose head it is", () => {
    const state = stateWithRepo();
    const pr = state.openPullRequest({ owner: "acme", repo: "ehr", title: "t", author: "dev", headRef: "topic" });
    const { before, after } = state.commitToBranch("acme", "ehr", "topic", { "src/dose.ts": "v2\n", "README.md": null });
    expect(before).toBe(pr.headHistory[0]);
    expect(pr.headSha).toBe(after);
    expect(state.getFile("acme", "ehr", after, "src/dose.ts")).toBe("v2\n");
    expect(state.getFile("acme", "ehr", after, "README.md")).toBeUndefined();
    expect(state.getFile("acme", "ehr", before, "README.md")).toBe("hi\n");
  });
});

describe("pull requests", () => {
  it("builds the head commit from the base plus the changed files, renames included", () => {
    const state = stateWithRepo();
    const pr = state.openPullRequest({
      owner: "acme",
      repo: "ehr",
      title: "Dose change",
      author: "dev",
      files: [
        { filename: "src/dose.ts", content: "v2\n" },
        { filename: "src/new.ts", status: "added", content: "a\nb\n" },
        { filename: "docs/README.md", status: "renamed", previous_filename: "README.md" },
      ],
    });
    const head = (path: string) => state.getFile("acme", "ehr", pr.headSha, path);
    expect([head("src/dose.ts"), head("src/new.ts"), head("docs/README.md"), head("README.md")]).toEqual(["v2\n", "a\nb\n", "hi\n", undefined]);
    expect(pr.files.map((f) => [f.filename, f.status, f.additions, f.deletions, f.previous_filename])).toEqual([
      ["src/dose.ts", "modified", 1, 1, undefined],
      ["src/new.ts", "added", 2, 0, undefined],
      ["docs/README.md", "renamed", 0, 0, "README.md"],
    ]);
    expect(state.getFile("acme", "ehr", "main", "src/dose.ts")).toBe("v1\n");
  });

  it("shares one number sequence between issues and pull requests", () => {
    const state = stateWithRepo();
    const first = state.openPullRequest({ owner: "acme", repo: "ehr", title: "t", author: "dev" });
    const issue = state.createIssue({ owner: "acme", repo: "ehr", title: "i", user: "dev" });
    expect([first.number, issue.number]).toEqual([1, 2]);
    expect(() => state.openPullRequest({ owner: "acme", repo: "ehr", title: "t", author: "dev", number: 2 })).toThrow(/already exists/);
  });

  it("records each push in the head history and replaces the file list when given", () => {
    const state = stateWithRepo();
    const pr = state.openPullRequest({ owner: "acme", repo: "ehr", title: "t", author: "dev", files: [{ filename: "src/dose.ts" }] });
    const first = state.pushToPullRequest(pr1);
    const second = state.pushToPullRequest(pr1, "b".repeat(40), [{ filename: "src/other.ts", status: "added", content: "x\n" }]);
    expect(pr.headHistory).toEqual([first.before, first.after, second.after]);
    expect(second.after).toBe("b".repeat(40));
    expect(pr.files.map((f) => f.filename)).toEqual(["src/other.ts"]);
    // The new list is the whole diff against the base, so the earlier change is gone from the head.
    expect(state.getFile("acme", "ehr", second.after, "src/dose.ts")).toBe("v1\n");
    expect(state.requireRepo("acme", "ehr").commits[second.after]?.parent).toBe(first.after);
  });

  it("remembers what an edit replaced", () => {
    const state = stateWithRepo();
    state.openPullRequest({ owner: "acme", repo: "ehr", title: "old", body: "b0", author: "dev" });
    const pr = state.editPullRequest(pr1, { title: "new" });
    expect([pr.title, pr.previous]).toEqual(["new", { title: "old" }]);
  });

  it("moves the base branch on merge", () => {
    const state = stateWithRepo();
    const pr = state.openPullRequest({
      owner: "acme",
      repo: "ehr",
      title: "t",
      author: "dev",
      files: [{ filename: "src/dose.ts", content: "v3\n" }],
    });
    state.closePullRequest(pr1, { merged: true });
    expect([pr.state, pr.merged, state.getFile("acme", "ehr", "main", "src/dose.ts")]).toEqual(["closed", true, "v3\n"]);
    expect(() => state.reopenPullRequest(pr1)).toThrow(/merged/);
  });
});

describe("labels", () => {
  it("matches repository labels case-insensitively and creates unknown ones", () => {
    const state = stateWithRepo();
    state.openPullRequest({ owner: "acme", repo: "ehr", title: "t", author: "dev", labels: ["Clinical-Impact"] });
    const labels = state.addLabels(pr1, ["clinical-impact", "new one"]);
    expect(labels.map((l) => l.name)).toEqual(["Clinical-Impact", "new one"]);
    expect(state.requireRepo("acme", "ehr").labels.map((l) => l.name)).toEqual(["Clinical-Impact", "new one"]);
    expect(state.removeLabel(pr1, "NEW ONE")).toBe(true);
    expect(state.removeLabel(pr1, "new one")).toBe(false);
  });
});

describe("teams and permissions", () => {
  it("keeps one membership per person and team, with its state", () => {
    const state = new GitHubState();
    state.addTeamMember("acme", "clinical-safety", "cso", "pending");
    state.addTeamMember("acme", "Clinical-Safety", "CSO", "active", "maintainer");
    expect(state.memberships).toEqual([{ org: "acme", team: "clinical-safety", login: "CSO", state: "active", role: "maintainer" }]);
    expect(state.removeTeamMember("ACME", "clinical-safety", "cso")).toBe(true);
    expect(state.teamMembership("acme", "clinical-safety", "cso")).toBeUndefined();
  });

  it.each([
    [false, "someone", undefined, "read"],
    [true, "someone", undefined, "none"],
    [true, "acme", undefined, "admin"],
    [true, "dev", "write", "write"],
  ] as const)("private=%s: %s with explicit %s has %s", (isPrivate, login, explicit, expected) => {
    const state = new GitHubState();
    const repo = state.addRepo({ owner: "acme", name: "ehr", private: isPrivate });
    if (explicit) state.setPermission("acme", "ehr", login, explicit);
    expect(state.permissionOf(repo, login)).toBe(expected);
  });
});

describe("recording", () => {
  it("consumes an injected fault only the given number of times", () => {
    const state = new GitHubState();
    state.failNext("get", /\/pulls\/1$/, 502, 2);
    expect(state.takeFault("GET", "/repos/a/b/pulls/1")?.status).toBe(502);
    expect(state.takeFault("POST", "/repos/a/b/pulls/1")).toBeUndefined();
    expect(state.takeFault("GET", "/repos/a/b/pulls/1")?.status).toBe(502);
    expect(state.takeFault("GET", "/repos/a/b/pulls/1")).toBeUndefined();
  });

  it("assertNoUnhandled lists what had no route", () => {
    const state = new GitHubState();
    expect(() => state.assertNoUnhandled()).not.toThrow();
    state.unhandled.push({ method: "GET", path: "/nope", query: {}, body: undefined });
    expect(() => state.assertNoUnhandled()).toThrow(/1 request\(s\)[\s\S]*GET \/nope/);
  });
});
