import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { AccessCache } from "../../src/github/access-cache.js";
import { TimedCache } from "../../src/github/timed-cache.js";
import { createUserGitHub, GitHubRequestError, MAX_OPEN_PULL_PAGES, webBaseOf, type OpenPulls } from "../../src/github/user-github.js";
import { startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import { GitHubState } from "../simulator/state.js";

/**
 * What "Needs me" asks of the person's GitHub: their own team memberships and a repository's open pull
 * requests, against the simulator over HTTP with real user tokens, counting the requests.
 */

const TOKENS = { cleo: "ghu_cleo_needs_me", pending: "ghu_pending_needs_me", eve: "ghu_eve_needs_me" };

describe("the person's GitHub for Needs me", () => {
  const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
  let simulator: SimulatorServer;

  beforeAll(async () => {
    gh.addRepo({ owner: "acme", name: "eprescribe", private: true, files: { "README.md": "# e\n" } });
    gh.addRepo({ owner: "acme", name: "busy", files: { "README.md": "# busy\n" } });
    gh.setPermission("acme", "eprescribe", "dr-cleo", "read");
    gh.addTeamMember("acme", "clinical-safety", "dr-cleo");
    gh.addTeamMember("acme", "clinical-product", "pending-pat", "pending");
    gh.addUserToken(TOKENS.cleo, "dr-cleo");
    gh.addUserToken(TOKENS.pending, "pending-pat");
    gh.addUserToken(TOKENS.eve, "eve");
    gh.openPullRequest({ owner: "acme", repo: "eprescribe", title: "Dose rounding", author: "dev", number: 7 });
    gh.openPullRequest({ owner: "acme", repo: "eprescribe", title: "Early idea", author: "dev", number: 8, draft: true });
    gh.openPullRequest({ owner: "acme", repo: "eprescribe", title: "Abandoned", author: "dev", number: 9 });
    gh.closePullRequest({ owner: "acme", repo: "eprescribe", number: 9 });
    // More open PRs than the pages read: 10 pages of 100, and one more.
    for (let i = 0; i < MAX_OPEN_PULL_PAGES * 100 + 1; i += 1) gh.openPullRequest({ owner: "acme", repo: "busy", title: `PR ${i}`, author: "dev" });
    simulator = await startSimulatorServer(gh);
  });

  afterAll(async () => {
    await simulator.close();
    gh.assertNoUnhandled();
  });

  beforeEach(() => gh.clearRequests());

  const as = (token: string, login: string, extra: { cache?: AccessCache; openPullsCache?: TimedCache<OpenPulls>; now?: () => number } = {}) =>
    createUserGitHub({ apiBase: simulator.apiUrl, token, login, openPullsCache: new TimedCache<OpenPulls>(), ...extra });

  describe("teamMembership asks about the signed-in person only", () => {
    it.each([
      ["an active member", TOKENS.cleo, "dr-cleo", "clinical-safety", "active"],
      ["a pending invitation", TOKENS.pending, "pending-pat", "clinical-product", "none"],
      ["not a member", TOKENS.eve, "eve", "clinical-safety", "none"],
      ["no such team", TOKENS.cleo, "dr-cleo", "no-such-team", "none"],
    ] as const)("%s → %s", async (_what, token, login, team, expected) => {
      expect(await as(token, login).teamMembership("acme", team)).toBe(expected);
      expect(gh.requests.map((r) => r.path)).toEqual([`/orgs/acme/teams/${team}/memberships/${login}`]);
    });

    it.each([401, 403])("says unknown when GitHub answers %s, and does not remember it", async (status) => {
      const cache = new AccessCache();
      gh.failNext("GET", /\/memberships\/dr-cleo$/, status);
      const cleo = as(TOKENS.cleo, "dr-cleo", { cache });
      expect([await cleo.teamMembership("acme", "clinical-safety"), await cleo.teamMembership("acme", "clinical-safety")]).toEqual([
        "unknown",
        "active",
      ]);
      expect(gh.requests).toHaveLength(2);
    });

    it("throws on any other failure (the page fails rather than guessing)", async () => {
      gh.failNext("GET", /\/memberships\/dr-cleo$/, 502);
      await expect(as(TOKENS.cleo, "dr-cleo").teamMembership("acme", "clinical-safety")).rejects.toThrow(GitHubRequestError);
    });

    it("remembers an answer per token and team in the shared cache, then asks again", async () => {
      const cache = new AccessCache();
      const clock = { now: 0 };
      const cleo = as(TOKENS.cleo, "dr-cleo", { cache, now: () => clock.now });
      await cleo.teamMembership("acme", "clinical-safety");
      await cleo.teamMembership("ACME", "Clinical-Safety");
      expect(gh.requests).toHaveLength(1);
      clock.now = 60_000;
      await cleo.teamMembership("acme", "clinical-safety");
      expect(gh.requests).toHaveLength(2);
    });

    it.each([
      ["an org with a slash", "acme/x", "clinical-safety"],
      ["a dot-dot slug", "acme", ".."],
      ["an empty slug", "acme", ""],
    ])("answers none for %s without asking GitHub", async (_what, org, slug) => {
      expect([await as(TOKENS.cleo, "dr-cleo").teamMembership(org, slug), gh.requests.length]).toEqual(["none", 0]);
    });
  });

  describe("openPulls", () => {
    it("lists the open PRs with their draft state and head, not the closed ones", async () => {
      const { pulls, complete } = await as(TOKENS.cleo, "dr-cleo").openPulls("acme/eprescribe");
      const heads = new Map(gh.pulls.filter((p) => p.repo === "eprescribe").map((p) => [p.number, p.headSha]));
      expect([pulls, complete]).toEqual([
        [
          { number: 8, title: "Early idea", draft: true, headSha: heads.get(8) },
          { number: 7, title: "Dose rounding", draft: false, headSha: heads.get(7) },
        ],
        true,
      ]);
      expect(gh.requests.map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`)).toEqual([
        "/repos/acme/eprescribe/pulls?state=open&per_page=100&page=1",
      ]);
    });

    it("gives nothing of a repository the person cannot read", async () => {
      expect(await as(TOKENS.eve, "eve").openPulls("acme/eprescribe")).toEqual({ pulls: [], complete: true });
    });

    it(`reads at most ${MAX_OPEN_PULL_PAGES} pages and says the list is incomplete`, async () => {
      const { pulls, complete } = await as(TOKENS.eve, "eve").openPulls("acme/busy");
      expect([pulls.length, complete, gh.requests.length]).toEqual([MAX_OPEN_PULL_PAGES * 100, false, MAX_OPEN_PULL_PAGES]);
    });

    it("throws when GitHub fails", async () => {
      gh.failNext("GET", /\/pulls$/, 500);
      await expect(as(TOKENS.cleo, "dr-cleo").openPulls("acme/eprescribe")).rejects.toThrow(GitHubRequestError);
    });

    it("remembers the list per token for a minute", async () => {
      const openPullsCache = new TimedCache<OpenPulls>();
      const clock = { now: 0 };
      const cleo = as(TOKENS.cleo, "dr-cleo", { openPullsCache, now: () => clock.now });
      const eve = as(TOKENS.eve, "eve", { openPullsCache, now: () => clock.now });
      await cleo.openPulls("acme/eprescribe");
      await cleo.openPulls("acme/eprescribe");
      expect((await eve.openPulls("acme/eprescribe")).pulls).toEqual([]);
      expect(gh.requests).toHaveLength(2);
      clock.now = 60_000;
      await cleo.openPulls("acme/eprescribe");
      expect(gh.requests).toHaveLength(3);
    });
  });

  it.each([
    ["https://api.github.com", "https://github.com"],
    ["https://api.github.com/", "https://github.com"],
    ["https://ghe.example.org/api/v3", "https://ghe.example.org"],
    ["http://127.0.0.1:9999/api/v3/", "http://127.0.0.1:9999"],
  ])("webBaseOf(%s) is %s", (api, web) => {
    expect(webBaseOf(api)).toBe(web);
  });
});

describe("TimedCache", () => {
  it("forgets a value at its time and the oldest beyond its bound", () => {
    const cache = new TimedCache<string>(2);
    cache.set("a", "1", 10);
    expect([cache.get("a", 9), cache.get("a", 10)]).toEqual(["1", undefined]);
    cache.set("a", "1", 100);
    cache.set("b", "2", 100);
    cache.set("c", "3", 100);
    expect([cache.get("a", 0), cache.get("b", 0), cache.get("c", 0), cache.size]).toEqual([undefined, "2", "3", 2]);
  });
});
