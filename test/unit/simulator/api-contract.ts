import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import { gitBlobSha } from "../../simulator/git.js";
import { GitHubState } from "../../simulator/state.js";
import { statusOf, tokenClient } from "./client.js";

/**
 * What a real Octokit client must see from the simulator, whichever transport carries it. Each transport's
 * test file runs this same contract, so msw mode and HTTP mode cannot drift apart.
 */

export interface Transport {
  name: string;
  /** Starts serving `state`; returns the Octokit `baseUrl` to use and how to stop. */
  start(state: GitHubState): Promise<{ baseUrl: string; stop(): Promise<void> | void }>;
}

const OWNER = "acme";
const REPO = "ehr";
const repoParams = { owner: OWNER, repo: REPO };
const CONFIG_PATH = ".github/clinical-safety.yml";

function seed(): GitHubState {
  const state = new GitHubState({ now: "2024-05-01T10:00:00Z" });
  state.addRepo({ owner: OWNER, name: REPO, files: { [CONFIG_PATH]: "check:\n  name: Clinical safety\n" } });
  return state;
}

function manyFiles(n: number) {
  return Array.from({ length: n }, (_, i) => ({ filename: `src/f${String(i).padStart(4, "0")}.ts`, status: "added" as const, content: "x\n" }));
}

/** Registers the contract tests for one transport. */
export function defineApiContract(transport: Transport): void {
  describe(`GitHub simulator over ${transport.name}`, () => {
    let state: GitHubState;
    let octokit: ReturnType<typeof tokenClient>;
    let stop: () => Promise<void> | void;
    let baseUrl: string;

    beforeEach(async () => {
      state = seed();
      const started = await transport.start(state);
      baseUrl = started.baseUrl;
      octokit = tokenClient(baseUrl);
      stop = () => started.stop();
    });
    afterEach(async () => {
      await stop();
    });

    describe("pagination", () => {
      it("walks all 250 files of a PR in pages of 100", async () => {
        state.openPullRequest({ ...repoParams, title: "big", author: "dev", files: manyFiles(250) });
        const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...repoParams, pull_number: 1, per_page: 100 });
        expect(files.map((f) => f.filename)).toEqual(manyFiles(250).map((f) => f.filename));
        expect(state.requestsMatching("GET", /\/pulls\/1\/files$/).map((r) => r.query.page ?? "1")).toEqual(["1", "2", "3"]);
      });

      it("lists at most 3000 of 3500 files while the PR reports all 3500", async () => {
        state.openPullRequest({ ...repoParams, title: "huge", author: "dev", files: manyFiles(3500) });
        const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...repoParams, pull_number: 1, per_page: 100 });
        const { data: pr } = await octokit.rest.pulls.get({ ...repoParams, pull_number: 1 });
        expect([files.length, files.at(-1)?.filename, pr.changed_files]).toEqual([3000, "src/f2999.ts", 3500]);
      });

      it("uses 30 per page by default, as GitHub does", async () => {
        const pr = state.openPullRequest({ ...repoParams, title: "t", author: "dev" });
        for (let i = 0; i < 31; i += 1) state.addComment({ ...repoParams, number: pr.number, user: "dev", body: `c${i}` });
        const first = await octokit.rest.issues.listComments({ ...repoParams, issue_number: 1 });
        const all = await octokit.paginate(octokit.rest.issues.listComments, { ...repoParams, issue_number: 1 });
        expect([first.data.length, all.length, all.at(-1)?.body]).toEqual([30, 31, "c30"]);
      });
    });

    describe("contents", () => {
      it.each([
        ["the default branch", undefined, "v1\n"],
        ["a branch", "feature/1", "v2\n"],
        ["the head SHA", "HEAD_SHA", "v2\n"],
      ])("reads a file at %s", async (_, ref, expected) => {
        state.setFile(OWNER, REPO, "main", "src/dose.ts", "v1\n");
        const pr = state.openPullRequest({ ...repoParams, title: "t", author: "dev", files: [{ filename: "src/dose.ts", content: "v2\n" }] });
        const wanted = ref === "HEAD_SHA" ? pr.headSha : ref;
        const { data } = await octokit.rest.repos.getContent({ ...repoParams, path: "src/dose.ts", ...(wanted ? { ref: wanted } : {}) });
        if (Array.isArray(data) || data.type !== "file") throw new Error("expected a file");
        expect([Buffer.from(data.content, "base64").toString("utf8"), data.sha, data.encoding]).toEqual([expected, gitBlobSha(expected), "base64"]);
      });

      it("answers 404 for an absent file and an unknown ref", async () => {
        expect(await statusOf(octokit.rest.repos.getContent({ ...repoParams, path: "nope.txt" }))).toBe(404);
        expect(await statusOf(octokit.rest.repos.getContent({ ...repoParams, path: CONFIG_PATH, ref: "gone" }))).toBe(404);
      });

      it("serves the raw form Probot's config plugin reads", async () => {
        const { config } = await octokit.config.get({ ...repoParams, path: CONFIG_PATH });
        expect(config).toEqual({ check: { name: "Clinical safety" } });
      });

      it("lists a directory", async () => {
        const { data } = await octokit.rest.repos.getContent({ ...repoParams, path: ".github" });
        expect(Array.isArray(data) ? data.map((e) => [e.type, e.path]) : data).toEqual([["file", CONFIG_PATH]]);
      });
    });

    describe("comments", () => {
      it("creates a comment as the app's bot and updates it", async () => {
        state.openPullRequest({ ...repoParams, title: "t", author: "dev" });
        const { data: created } = await octokit.rest.issues.createComment({ ...repoParams, issue_number: 1, body: "first" });
        expect([created.user?.login, created.user?.type, created.performed_via_github_app?.slug]).toEqual([
          "clinical-safety-gate[bot]",
          "Bot",
          "clinical-safety-gate",
        ]);
        state.tick(30);
        const { data: updated } = await octokit.rest.issues.updateComment({ ...repoParams, comment_id: created.id, body: "second" });
        const { data: fetched } = await octokit.rest.issues.getComment({ ...repoParams, comment_id: created.id });
        expect([updated.body, fetched.body, fetched.created_at, fetched.updated_at]).toEqual([
          "second",
          "second",
          "2024-05-01T10:00:00Z",
          "2024-05-01T10:00:30Z",
        ]);
      });

      it("attributes a comment to the person whose token made it", async () => {
        state.openPullRequest({ ...repoParams, title: "t", author: "dev" });
        state.addUserToken("alice-token", "alice");
        const alice = tokenClient(baseUrl, "alice-token");
        const { data } = await alice.rest.issues.createComment({ ...repoParams, issue_number: 1, body: "/safety sign-off" });
        expect([data.user?.login, data.performed_via_github_app]).toEqual(["alice", null]);
      });

      it("refuses a body over 65536 characters with 422", async () => {
        state.openPullRequest({ ...repoParams, title: "t", author: "dev" });
        expect(await statusOf(octokit.rest.issues.createComment({ ...repoParams, issue_number: 1, body: "x".repeat(65537) }))).toBe(422);
      });
    });

    describe("labels", () => {
      it("adds labels (creating unknown ones), lists and removes them", async () => {
        state.openPullRequest({ ...repoParams, title: "t", author: "dev", labels: ["clinical-impact"] });
        const { data: added } = await octokit.rest.issues.addLabels({
          ...repoParams,
          issue_number: 1,
          labels: ["clinical-safety: sign-off required"],
        });
        expect(added.map((l) => l.name)).toEqual(["clinical-impact", "clinical-safety: sign-off required"]);
        const { data: left } = await octokit.rest.issues.removeLabel({ ...repoParams, issue_number: 1, name: "clinical-impact" });
        expect(left.map((l) => l.name)).toEqual(["clinical-safety: sign-off required"]);
        expect(await statusOf(octokit.rest.issues.removeLabel({ ...repoParams, issue_number: 1, name: "clinical-impact" }))).toBe(404);
        const { data: listed } = await octokit.rest.issues.listLabelsOnIssue({ ...repoParams, issue_number: 1 });
        expect(listed.map((l) => l.name)).toEqual(["clinical-safety: sign-off required"]);
      });
    });

    describe("check runs", () => {
      it("creates, completes and lists the latest run by name", async () => {
        const pr = state.openPullRequest({ ...repoParams, title: "t", author: "dev" });
        const head_sha = pr.headSha;
        await octokit.rest.checks.create({ ...repoParams, name: "Clinical safety", head_sha, status: "in_progress" });
        const { data: second } = await octokit.rest.checks.create({ ...repoParams, name: "Clinical safety", head_sha });
        await octokit.rest.checks.create({ ...repoParams, name: "Other", head_sha, conclusion: "success" });
        await octokit.rest.checks.update({
          ...repoParams,
          check_run_id: second.id,
          conclusion: "failure",
          output: { title: "Waiting for sign-off", summary: "Needs cso" },
        });
        const { data } = await octokit.rest.checks.listForRef({ ...repoParams, ref: head_sha, check_name: "Clinical safety" });
        expect(data.total_count).toBe(1);
        expect(data.check_runs.map((r) => [r.id, r.status, r.conclusion, r.output.title, r.pull_requests.map((p) => p.number)])).toEqual([
          [second.id, "completed", "failure", "Waiting for sign-off", [1]],
        ]);
      });

      it.each([
        ["an unknown conclusion", { conclusion: "passed" }],
        ["completed without a conclusion", { status: "completed" }],
        [
          "51 annotations",
          {
            output: {
              title: "t",
              summary: "s",
              annotations: Array(51).fill({ path: "a", start_line: 1, end_line: 1, annotation_level: "notice", message: "m" }),
            },
          },
        ],
      ])("refuses %s with 422", async (_, extra) => {
        const pr = state.openPullRequest({ ...repoParams, title: "t", author: "dev" });
        // An untyped route: the point is to send what the typings would forbid.
        const route: string = "POST /repos/{owner}/{repo}/check-runs";
        const call = octokit.request(route, { ...repoParams, name: "Clinical safety", head_sha: pr.headSha, ...extra });
        expect(await statusOf(call)).toBe(422);
        expect(state.checkRuns).toEqual([]);
      });

      it("refuses a check run on a commit the repository does not have", async () => {
        expect(await statusOf(octokit.rest.checks.create({ ...repoParams, name: "x", head_sha: "f".repeat(40) }))).toBe(422);
      });
    });

    describe("people", () => {
      it("reports team membership: active, pending, absent", async () => {
        state.addTeamMember(OWNER, "clinical-safety", "cso");
        state.addTeamMember(OWNER, "clinical-safety", "invited", "pending");
        const membership = (username: string) => octokit.rest.teams.getMembershipForUserInOrg({ org: OWNER, team_slug: "clinical-safety", username });
        expect((await membership("cso")).data.state).toBe("active");
        expect((await membership("invited")).data.state).toBe("pending");
        expect(await statusOf(membership("stranger"))).toBe(404);
      });

      it("reports a collaborator's permission", async () => {
        state.setPermission(OWNER, REPO, "dev", "write");
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repoParams, username: "dev" });
        expect([data.permission, data.user?.login]).toEqual(["write", "dev"]);
      });
    });

    describe("failures", () => {
      it("records a request without a route as unhandled and answers 501", async () => {
        expect(await statusOf(octokit.request("GET /repos/{owner}/{repo}/branches", repoParams))).toBe(501);
        expect(state.unhandled.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /repos/${OWNER}/${REPO}/branches`]);
        expect(() => state.assertNoUnhandled()).toThrow(/branches/);
      });

      it("fails injected requests, then recovers", async () => {
        state.openPullRequest({ ...repoParams, title: "t", author: "dev" });
        state.failNext("GET", /\/pulls\/1$/, 502);
        expect(await statusOf(octokit.rest.pulls.get({ ...repoParams, pull_number: 1 }))).toBe(502);
        expect((await octokit.rest.pulls.get({ ...repoParams, pull_number: 1 })).data.number).toBe(1);
        expect(state.requests.map((r) => r.status)).toEqual([502, 200]);
      });

      it("answers 404 for a repository the simulator does not have", async () => {
        expect(await statusOf(octokit.rest.repos.get({ owner: OWNER, repo: "other" }))).toBe(404);
      });
    });
  });
}
