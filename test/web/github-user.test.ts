import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { AccessCache } from "../../src/github/access-cache.js";
import { createUserGitHub, GitHubRequestError } from "../../src/github/user-github.js";
import { startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import { GitHubState } from "../simulator/state.js";

/** The person's view of GitHub, against the simulator over HTTP with real user tokens. */

const TOKENS = { cleo: "ghu_cleo_token", dev: "ghu_dev_token" };

describe("createUserGitHub", () => {
  const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
  let simulator: SimulatorServer;
  const releaseShas: string[] = [];
  let hotfixSha = "";

  beforeAll(async () => {
    gh.addRepo({
      owner: "acme",
      name: "eprescribe",
      private: true,
      files: { "README.md": "# eprescribe\n", "docs/safety/hazard-log.yml": "hazards: []\n" },
    });
    gh.addRepo({ owner: "acme", name: "website", files: { "index.html": "<h1>hi</h1>\n" } });
    gh.setPermission("acme", "eprescribe", "dr-cleo", "read");
    gh.addUserToken(TOKENS.cleo, "dr-cleo");
    gh.addUserToken(TOKENS.dev, "dev");
    // 250 commits on a release branch: three pages of the compare API at 100 a page.
    for (let i = 0; i < 250; i += 1) releaseShas.push(gh.commitToBranch("acme", "eprescribe", "release/1.0", { [`f${i}.txt`]: `${i}\n` }).after);
    hotfixSha = gh.commitToBranch("acme", "eprescribe", "main", { "hotfix.txt": "x\n" }).after;
    simulator = await startSimulatorServer(gh);
  });

  afterAll(async () => {
    await simulator.close();
    gh.assertNoUnhandled();
  });

  beforeEach(() => gh.clearRequests());

  const as = (token: string, extra: { cache?: AccessCache; now?: () => number; cacheMs?: number } = {}) =>
    createUserGitHub({ apiBase: simulator.apiUrl, token, login: "someone", ...extra });

  describe("canRead", () => {
    it.each([
      ["cleo", "acme/eprescribe", true],
      ["cleo", "ACME/EPrescribe", true],
      ["dev", "acme/eprescribe", false],
      ["dev", "acme/website", true],
      ["dev", "acme/missing", false],
    ] as const)("%s → %s: %s", async (who, repo, expected) => {
      expect(await as(TOKENS[who]).canRead(repo)).toBe(expected);
    });

    it.each(["acme", "acme/eprescribe/extra", "../eprescribe", "acme/..", "acme/.", "/eprescribe", "acme/", "acme/e%2fx", "acme/e p"])(
      "answers false for %j without asking GitHub",
      async (repo) => {
        expect([await as(TOKENS.cleo).canRead(repo), gh.requests.length]).toEqual([false, 0]);
      },
    );

    it.each([401, 403])("answers false when GitHub answers %s (a revoked token, a token the app may not use)", async (status) => {
      gh.failNext("GET", /^\/repos\/acme\/website$/, status);
      expect(await as(TOKENS.dev).canRead("acme/website")).toBe(false);
    });

    it.each([500, 502, 429])("throws when GitHub answers %s (fails closed), and does not remember it", async (status) => {
      const cache = new AccessCache();
      gh.failNext("GET", /^\/repos\/acme\/website$/, status);
      await expect(as(TOKENS.dev, { cache }).canRead("acme/website")).rejects.toThrow(GitHubRequestError);
      expect([await as(TOKENS.dev, { cache }).canRead("acme/website"), cache.size]).toEqual([true, 1]);
    });

    it("remembers an answer per token and repository for cacheMs, then asks again", async () => {
      const cache = new AccessCache();
      const clock = { now: 0 };
      const cleo = as(TOKENS.cleo, { cache, now: () => clock.now, cacheMs: 1000 });
      const dev = as(TOKENS.dev, { cache, now: () => clock.now, cacheMs: 1000 });
      const answers = [await cleo.canRead("acme/eprescribe"), await cleo.canRead("acme/eprescribe"), await dev.canRead("acme/eprescribe")];
      clock.now = 1000;
      answers.push(await cleo.canRead("acme/eprescribe"));
      expect([answers, gh.requestsMatching("GET", /^\/repos\/acme\/eprescribe$/).length]).toEqual([[true, true, false, true], 3]);
    });
  });

  describe("getFile", () => {
    it.each([
      ["cleo", "acme/eprescribe", "README.md", undefined, "# eprescribe\n"],
      ["cleo", "acme/eprescribe", "docs/safety/hazard-log.yml", "main", "hazards: []\n"],
      ["cleo", "acme/eprescribe", "f3.txt", "release/1.0", "3\n"],
      ["cleo", "acme/eprescribe", "f3.txt", "main", null],
      ["cleo", "acme/eprescribe", "docs", undefined, null],
      ["cleo", "acme/eprescribe", "README.md", "no-such-branch", null],
      ["dev", "acme/eprescribe", "README.md", undefined, null],
      ["dev", "acme/website", "index.html", undefined, "<h1>hi</h1>\n"],
      ["cleo", "acme/eprescribe", "../README.md", undefined, null],
      ["cleo", "acme/eprescribe", "docs//hazard-log.yml", undefined, null],
    ] as const)("%s reads %s:%s at %s → %j", async (who, repo, path, ref, expected) => {
      expect(await as(TOKENS[who]).getFile(repo, path, ref)).toBe(expected);
    });

    it("throws when GitHub fails", async () => {
      gh.failNext("GET", /\/contents\//, 503);
      await expect(as(TOKENS.cleo).getFile("acme/eprescribe", "README.md")).rejects.toThrow(/503/);
    });
  });

  describe("commitsBetween", () => {
    it("lists every commit from one ref to the other, oldest first, across pages", async () => {
      const shas = await as(TOKENS.cleo).commitsBetween("acme/eprescribe", "main", "release/1.0");
      const pages = gh.requestsMatching("GET", /\/compare\//).map((r) => r.query.page);
      expect([shas, pages]).toEqual([releaseShas, ["1", "2", "3"]]);
    });

    it("lists what the other side has when the branches diverged", async () => {
      expect(await as(TOKENS.cleo).commitsBetween("acme/eprescribe", "release/1.0", "main")).toEqual([hotfixSha]);
    });

    it.each([
      ["the same ref", "release/1.0", "release/1.0", []],
      ["an unknown ref", "main", "v9.9.9", null],
      ["a ref with ..", "main", "release/../main", null],
      ["a ref with a space", "main", "a b", null],
      ["a ref starting with a dash", "-main", "main", null],
    ] as const)("%s → %j", async (_name, from, to, expected) => {
      expect(await as(TOKENS.cleo).commitsBetween("acme/eprescribe", from, to)).toEqual(expected);
    });

    it("answers null for a repository the person cannot read", async () => {
      expect(await as(TOKENS.dev).commitsBetween("acme/eprescribe", "main", "release/1.0")).toBeNull();
    });

    it("throws when GitHub fails rather than answering with a list", async () => {
      gh.failNext("GET", /\/compare\//, 502);
      await expect(as(TOKENS.cleo).commitsBetween("acme/eprescribe", "main", "release/1.0")).rejects.toThrow(GitHubRequestError);
    });
  });

  describe("compareRefs", () => {
    it("resolves both refs to the commits they name, with the commits between", async () => {
      const repo = gh.requireRepo("acme", "eprescribe");
      const range = await as(TOKENS.cleo).compareRefs("acme/eprescribe", "main", "release/1.0");
      expect(range).toEqual({ fromSha: repo.branches.main, toSha: repo.branches["release/1.0"], commits: releaseShas });
      // The head of a diverged range is named by GitHub itself, not guessed from the last commit listed.
      expect(gh.requestsMatching("GET", /\/compare\//).map((r) => r.path.split("/compare/")[1])).toEqual([
        "main...release/1.0",
        "main...release/1.0",
        "main...release/1.0",
        "release/1.0...release/1.0",
      ]);
    });

    it("asks once when both refs are the same", async () => {
      const sha = gh.requireRepo("acme", "eprescribe").branches.main as string;
      expect(await as(TOKENS.cleo).compareRefs("acme/eprescribe", "main", sha)).toEqual({ fromSha: sha, toSha: sha, commits: [] });
      expect(await as(TOKENS.cleo).compareRefs("acme/eprescribe", "main", "main")).toEqual({ fromSha: sha, toSha: sha, commits: [] });
      expect(gh.requestsMatching("GET", /\/compare\//)).toHaveLength(3);
    });

    it("answers null for an unknown ref or a repository the person cannot read", async () => {
      expect(await as(TOKENS.cleo).compareRefs("acme/eprescribe", "main", "v9.9.9")).toBeNull();
      expect(await as(TOKENS.dev).compareRefs("acme/eprescribe", "main", "release/1.0")).toBeNull();
    });
  });

  it("keeps the token out of its error messages", async () => {
    gh.failNext("GET", /^\/repos\/acme\/website$/, 500);
    const error = await as(TOKENS.dev)
      .canRead("acme/website")
      .catch((e: unknown) => e as Error);
    expect([String(error), String(error).includes(TOKENS.dev)]).toEqual([
      "GitHubRequestError: GitHub answered 500 to GET /repos/acme/website",
      false,
    ]);
  });
});
