import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import { http, HttpResponse } from "msw";
import { ProbotOctokit } from "probot";
import { pino } from "pino";
import { conditionalRequests, EtagCache, type CachedResponse } from "../../../src/github/conditional-requests.js";
import { createMswServer, type MswSimulator } from "../../simulator/msw.js";
import { GitHubState } from "../../simulator/state.js";

/**
 * The conditional-requests plugin on the real Octokit class the app uses, against the simulator (which
 * answers If-None-Match as GitHub does). What goes over the wire is observed with msw's request events.
 */

const Client = ProbotOctokit.plugin(conditionalRequests).defaults({ throttle: { enabled: false }, retry: { enabled: false } });
const silent = pino({ level: "silent" });
const repo = { owner: "acme", repo: "ehr" };
const CONFIG = ".github/clinical-safety.yml";

function client(cache: EtagCache, token: string) {
  return new Client({ auth: { token }, log: silent, conditionalRequests: { cache } });
}

function entry(body: string): CachedResponse {
  return { etag: `"${body}"`, status: 200, url: "u", headers: {}, body };
}

describe("EtagCache", () => {
  it("keeps at most maxEntries, dropping the least recently used", () => {
    const cache = new EtagCache(2);
    cache.set("a", entry("1"));
    cache.set("b", entry("2"));
    cache.get("a"); // a is now the most recent
    cache.set("c", entry("3"));
    expect(cache.keys()).toEqual(["a", "c"]);
    cache.set("a", entry("4")); // replacing does not grow it
    expect([cache.size, cache.get("a")?.body]).toEqual([2, "4"]);
  });

  it("keeps the cached bodies within maxChars, and does not cache a body larger than that", () => {
    const cache = new EtagCache(100, 10);
    cache.set("a", entry("xxxx"));
    cache.set("b", entry("yyyy"));
    cache.set("c", entry("zzzz"));
    expect([cache.keys(), cache.bodyChars]).toEqual([["b", "c"], 8]);
    cache.set("big", entry("x".repeat(11)));
    expect([cache.keys(), cache.bodyChars]).toEqual([["b", "c"], 8]);
  });

  it("refuses a bound below 1", () => {
    expect(() => new EtagCache(0)).toThrow();
  });
});

describe("conditional requests plugin", () => {
  let gh: GitHubState;
  let msw: MswSimulator;
  let cache: EtagCache;
  /** `If-None-Match` of each request as it left, in order (null when absent). */
  let sentIfNoneMatch: (string | null)[];

  beforeEach(() => {
    gh = new GitHubState({ now: "2024-05-01T10:00:00Z" });
    gh.addRepo({ ...repo, name: "ehr", files: { [CONFIG]: "check:\n  name: Clinical safety\n" } });
    gh.addTeamMember("acme", "clinical-safety", "cleo");
    msw = createMswServer(gh);
    msw.listen();
    sentIfNoneMatch = [];
    msw.server.events.on("request:start", ({ request }) => {
      sentIfNoneMatch.push(request.headers.get("if-none-match"));
    });
    cache = new EtagCache();
  });
  afterEach(() => {
    msw.close();
    gh.assertNoUnhandled();
  });

  const statuses = () => gh.requests.map((r) => r.status);

  it("revalidates a repeated GET and answers the 304 with the cached response, as a 200", async () => {
    const octokit = client(cache, "x");
    const first = await octokit.rest.repos.getContent({ ...repo, path: CONFIG });
    const second = await octokit.rest.repos.getContent({ ...repo, path: CONFIG });
    expect(statuses()).toEqual([200, 304]);
    expect(sentIfNoneMatch).toEqual([null, first.headers.etag]);
    expect([second.status, second.url, second.headers.etag, second.headers["content-type"]]).toEqual([
      200,
      first.url,
      first.headers.etag,
      first.headers["content-type"],
    ]);
    expect(second.data).toEqual(first.data);
  });

  it("hands out copies: a caller mutating its data does not change what the next caller gets", async () => {
    const octokit = client(cache, "x");
    const first = await octokit.rest.repos.get(repo);
    first.data.name = "mutated";
    const second = await octokit.rest.repos.get(repo);
    second.data.description = "mutated too";
    const third = await octokit.rest.repos.get(repo);
    expect(statuses()).toEqual([200, 304, 304]);
    expect([second.data.name, third.data.name, third.data.description]).toEqual(["ehr", "ehr", null]);
  });

  it("gets the new version once the resource changes, and revalidates against that", async () => {
    const octokit = client(cache, "x");
    await octokit.rest.repos.getContent({ ...repo, path: CONFIG });
    gh.setFile("acme", "ehr", "main", CONFIG, "check:\n  name: Renamed\n");
    const changed = await octokit.rest.repos.getContent({ ...repo, path: CONFIG });
    const again = await octokit.rest.repos.getContent({ ...repo, path: CONFIG });
    expect(statuses()).toEqual([200, 200, 304]);
    for (const response of [changed, again]) {
      if (Array.isArray(response.data) || !("content" in response.data)) throw new Error("expected a file");
      expect(Buffer.from(response.data.content, "base64").toString("utf8")).toBe("check:\n  name: Renamed\n");
    }
  });

  it("walks every page again from the cache when nothing changed", async () => {
    const files = Array.from({ length: 250 }, (_, i) => ({ filename: `src/f${i}.ts`, content: "x\n" }));
    gh.openPullRequest({ ...repo, title: "big", author: "dev", files });
    const octokit = client(cache, "x");
    const list = () => octokit.paginate(octokit.rest.pulls.listFiles, { ...repo, pull_number: 1, per_page: 100 });
    const first = await list();
    const second = await list();
    expect(statuses()).toEqual([200, 200, 200, 304, 304, 304]);
    expect(second.map((f) => f.filename)).toEqual(first.map((f) => f.filename));
    expect(second).toHaveLength(250);
  });

  it("keeps the raw form (Probot's config plugin) and the JSON form of a file apart", async () => {
    const octokit = client(cache, "x");
    const raw = await octokit.config.get({ ...repo, path: CONFIG });
    const json = await octokit.rest.repos.getContent({ ...repo, path: CONFIG });
    const rawAgain = await octokit.config.get({ ...repo, path: CONFIG });
    expect(statuses()).toEqual([200, 200, 304]);
    expect(rawAgain.config).toEqual(raw.config);
    expect(rawAgain.config).toEqual({ check: { name: "Clinical safety" } });
    expect(Array.isArray(json.data) ? "directory" : json.data.type).toBe("file");
  });

  it("never answers one installation from another's cache: the key is the credential's hash", async () => {
    const one = client(cache, gh.issueInstallationToken(1));
    const twoToken = gh.issueInstallationToken(2);
    const two = client(cache, twoToken);
    const membership = { org: "acme", team_slug: "clinical-safety", username: "cleo" };
    await one.rest.teams.getMembershipForUserInOrg(membership);
    await two.rest.teams.getMembershipForUserInOrg(membership); // same URL, same answer — but not one's to give
    await one.rest.teams.getMembershipForUserInOrg(membership);
    await two.rest.teams.getMembershipForUserInOrg(membership);
    expect(statuses()).toEqual([200, 200, 304, 304]);
    expect(sentIfNoneMatch.map((tag) => tag !== null)).toEqual([false, false, true, true]);
    expect(cache.keys()).toHaveLength(2);
    for (const key of cache.keys()) expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(cache.keys().map((key) => cache.get(key)))).not.toContain(twoToken);
  });

  it("does not serve a cached answer to a token that may no longer read it", async () => {
    const token = gh.issueInstallationToken(1);
    const octokit = client(cache, token);
    await octokit.rest.repos.get(repo);
    gh.requireRepo("acme", "ehr").installationId = 2; // uninstalled here, installed elsewhere
    await expect(octokit.rest.repos.get(repo)).rejects.toMatchObject({ status: 404 });
    expect(statuses()).toEqual([200, 404]);
  });

  it("lets writes through untouched and does not cache them", async () => {
    gh.openPullRequest({ ...repo, title: "t", author: "dev" });
    const octokit = client(cache, "x");
    await octokit.rest.issues.listComments({ ...repo, issue_number: 1 });
    await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "hello" });
    const listed = await octokit.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(statuses()).toEqual([200, 201, 200]);
    expect(sentIfNoneMatch).toEqual([null, null, expect.stringMatching(/^"/)]);
    expect(listed.data.map((c) => c.body)).toEqual(["hello"]);
    expect(cache.size).toBe(1);
  });

  it("does not cache a response without an ETag", async () => {
    msw.server.use(http.get("https://api.github.com/repos/acme/ehr/topics", () => HttpResponse.json({ names: ["nhs"] })));
    const octokit = client(cache, "x");
    await octokit.rest.repos.getAllTopics(repo);
    const second = await octokit.rest.repos.getAllTopics(repo);
    expect([second.data.names, sentIfNoneMatch, cache.size]).toEqual([["nhs"], [null, null], 0]);
  });

  it("leaves a caller's own If-None-Match alone: the 304 is theirs", async () => {
    const octokit = client(cache, "x");
    const { headers } = await octokit.rest.repos.get(repo);
    await expect(octokit.request("GET /repos/{owner}/{repo}", { ...repo, headers: { "if-none-match": headers.etag } })).rejects.toMatchObject({
      status: 304,
    });
  });

  it("holds at most its bound: the least recently used resource is fetched in full again", async () => {
    const small = new EtagCache(2);
    const octokit = client(small, "x");
    const readRepo = () => octokit.rest.repos.get(repo);
    const readConfig = () => octokit.rest.repos.getContent({ ...repo, path: CONFIG });
    const readLabels = () => octokit.rest.issues.listLabelsForRepo(repo);
    await readRepo();
    await readConfig();
    await readLabels(); // the repository drops out
    expect(small.size).toBe(2);
    gh.clearRequests();
    await readLabels();
    await readConfig();
    await readRepo();
    expect(statuses()).toEqual([304, 304, 200]);
  });

  it("shares the cache between clients built by the same class (Probot makes one per event)", async () => {
    await client(cache, "x").rest.repos.get(repo);
    await client(cache, "x").rest.repos.get(repo);
    expect(statuses()).toEqual([200, 304]);
  });
});
