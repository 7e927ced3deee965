import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import { Probot } from "probot";
import { createMswServer, type MswSimulator } from "../../simulator/msw.js";
import { GitHubState } from "../../simulator/state.js";
import { defineApiContract } from "./api-contract.js";
import { TestOctokit, appPrivateKey, silentLog, tokenClient } from "./client.js";

defineApiContract({
  name: "msw (api.github.com)",
  async start(state) {
    const msw = createMswServer(state);
    msw.listen();
    return { baseUrl: "https://api.github.com", stop: () => msw.close() };
  },
});

describe("GitHub simulator over msw, beyond the contract", () => {
  let state: GitHubState;
  let msw: MswSimulator;
  beforeEach(() => {
    state = new GitHubState();
    msw = createMswServer(state);
    msw.listen();
  });
  afterEach(() => msw.close());

  it("answers GitHub Enterprise's /api/v3 prefix on any host", async () => {
    state.addRepo({ owner: "acme", name: "ehr" });
    const octokit = tokenClient("https://ghe.example.org/api/v3");
    const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "ehr" });
    expect([data.full_name, data.default_branch]).toEqual(["acme/ehr", "main"]);
    expect(state.requests.map((r) => r.path)).toEqual(["/repos/acme/ehr"]);
  });

  it("runs Probot's real app authentication: JWT → installation token → bot identity", async () => {
    state.addRepo({ owner: "acme", name: "ehr", installationId: 42 });
    state.openPullRequest({ owner: "acme", repo: "ehr", title: "t", author: "dev" });
    const probot = new Probot({ appId: state.app.id, privateKey: appPrivateKey(), log: silentLog, Octokit: TestOctokit });
    const installation = await probot.auth(42);
    const { data } = await installation.rest.issues.createComment({ owner: "acme", repo: "ehr", issue_number: 1, body: "hello" });
    expect([data.user?.login, data.performed_via_github_app?.id]).toEqual(["clinical-safety-gate[bot]", state.app.id]);
    expect(state.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /app/installations/42/access_tokens 201",
      "POST /repos/acme/ehr/issues/1/comments 201",
    ]);
    expect(Object.values(state.tokens)).toEqual([{ kind: "installation", installationId: 42 }]);
  });

  it("hides another installation's repositories (404), as GitHub does", async () => {
    state.addRepo({ owner: "acme", name: "ehr", installationId: 1 });
    state.addRepo({ owner: "other", name: "repo", installationId: 2 });
    const token = state.issueInstallationToken(2);
    const octokit = tokenClient(undefined, token);
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "ehr" })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.rest.repos.get({ owner: "other", repo: "repo" })).resolves.toMatchObject({ status: 200 });
  });
});
