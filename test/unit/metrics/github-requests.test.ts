import { afterEach, describe, expect, it } from "@jest/globals";
import type { ProbotOctokit } from "probot";
import { appOctokit } from "../../../src/github/app-octokit.js";
import { EtagCache } from "../../../src/github/conditional-requests.js";
import type { GitHubRequestSink } from "../../../src/metrics/github-requests.js";
import { startSimulatorServer, type SimulatorServer } from "../../simulator/server.js";
import { GitHubState } from "../../simulator/state.js";

/**
 * The request-metrics plugin in the app's Octokit class (src/github/app-octokit.ts), against the GitHub
 * simulator over HTTP: what it reports for pages of a list, a check run completed or refused, and a request
 * that got no answer. The sink records what it is told.
 */
class RecordingSink implements GitHubRequestSink {
  requests: string[] = [];
  rateLimits: { installation: string; resource: string; remaining: number }[] = [];
  conclusions: string[] = [];
  githubRequest(r: { method: string; route: string; status: string }): void {
    this.requests.push(`${r.method} ${r.route} ${r.status}`);
  }
  githubRateLimit(r: { installation: string; resource: string; remaining: number }): void {
    this.rateLimits.push(r);
  }
  checkRunConcluded(conclusion: string): void {
    this.conclusions.push(conclusion);
  }
}

describe("githubRequestMetrics: the app's GitHub requests as labels", () => {
  let simulator: SimulatorServer | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  async function client(gh: GitHubState) {
    simulator = await startSimulatorServer(gh);
    const sink = new RecordingSink();
    const Octokit = appOctokit(sink).defaults<typeof ProbotOctokit>((o: Record<string, unknown>) => ({
      ...o,
      throttle: { ...(o.throttle as object), enabled: false },
      retry: { enabled: false },
      conditionalRequests: { cache: new EtagCache() },
    }));
    return { sink, octokit: new Octokit({ auth: { token: "ghs_metrics-test-token" }, baseUrl: simulator.apiUrl }) };
  }

  function repoWithPr(files: number) {
    const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
    gh.addRepo({ owner: "acme", name: "eprescribe", files: {} });
    const pr = gh.openPullRequest({
      owner: "acme",
      repo: "eprescribe",
      title: "Many files",
      author: "dev",
      files: Array.from({ length: files }, (_, i) => ({ filename: `src/f${i}.ts`, content: "" })),
    });
    return { gh, pr };
  }

  it("counts every page of a paginated list under the list's route template", async () => {
    const { gh, pr } = repoWithPr(150);
    const { sink, octokit } = await client(gh);
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: "acme", repo: "eprescribe", pull_number: pr.number, per_page: 100 });
    expect(files).toHaveLength(150);
    expect(gh.requests.map((r) => r.query.page)).toEqual([undefined, "2"]);
    expect(sink.requests).toEqual([
      "GET /repos/{owner}/{repo}/pulls/{pull_number}/files 2xx",
      "GET /repos/{owner}/{repo}/pulls/{pull_number}/files 2xx",
    ]);
    // A client without an installation id (here a plain token) is reported as the app's.
    expect(sink.rateLimits).toEqual([
      { installation: "app", resource: "core", remaining: 4999 },
      { installation: "app", resource: "core", remaining: 4999 },
    ]);
  });

  it("counts GitHub's 304 as a 304, though the caller is handed the cached 200", async () => {
    const { gh, pr } = repoWithPr(1);
    const { sink, octokit } = await client(gh);
    const get = () => octokit.rest.pulls.get({ owner: "acme", repo: "eprescribe", pull_number: pr.number });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    expect(gh.requests.map((r) => r.status)).toEqual([200, 304]);
    expect(sink.requests).toEqual(["GET /repos/{owner}/{repo}/pulls/{pull_number} 2xx", "GET /repos/{owner}/{repo}/pulls/{pull_number} 304"]);
  });

  it("counts a completed check run's conclusion once GitHub accepted it, and not when it refused it", async () => {
    const { gh, pr } = repoWithPr(1);
    const { sink, octokit } = await client(gh);
    const output = { title: "t", summary: "s" };
    const { data } = await octokit.rest.checks.create({
      owner: "acme",
      repo: "eprescribe",
      name: "Clinical safety",
      head_sha: pr.headSha,
      status: "completed",
      conclusion: "action_required",
      output,
    });
    gh.failNext("PATCH", /\/check-runs\/\d+$/, 422);
    await expect(
      octokit.rest.checks.update({ owner: "acme", repo: "eprescribe", check_run_id: data.id, status: "completed", conclusion: "success", output }),
    ).rejects.toMatchObject({ status: 422 });
    await octokit.rest.checks.update({
      owner: "acme",
      repo: "eprescribe",
      check_run_id: data.id,
      status: "completed",
      conclusion: "failure",
      output,
    });
    // An update without a conclusion (more annotations) is no conclusion.
    await octokit.rest.checks.update({ owner: "acme", repo: "eprescribe", check_run_id: data.id, output });
    expect(sink.conclusions).toEqual(["action_required", "failure"]);
    expect(sink.requests).toEqual([
      "POST /repos/{owner}/{repo}/check-runs 2xx",
      "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id} 4xx",
      "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id} 2xx",
      "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id} 2xx",
    ]);
  });

  it("counts a request that got no answer, and lets its error through", async () => {
    const { gh } = repoWithPr(1);
    const { sink, octokit } = await client(gh);
    await simulator?.close();
    simulator = undefined;
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "eprescribe" })).rejects.toThrow();
    // Octokit reports a connection that failed as status 500.
    expect(sink.requests).toEqual(["GET /repos/{owner}/{repo} 5xx"]);
    expect(sink.rateLimits).toEqual([]);
  });
});
