import { afterEach, describe, expect, it } from "@jest/globals";
import { MemoryAuditStore } from "../fakes/memory-audit-store.js";
import { MemoryStore } from "../fakes/memory-store.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import { CONFIG_YML, HAZARD_LOG_YML, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

/** Never a `success` check on an error path. */
describe("Fail closed: config errors, hazard-log errors and API failures give a failing check with the reason", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("an invalid config: failure listing every problem with its path and line", async () => {
    const broken = CONFIG_YML.replace("requires: [cpm]", "requires: [qa]").replace(
      "check: { name: Clinical safety }",
      "check: { nam: Clinical safety }",
    );
    h = await startHarness({ files: { ".github/clinical-safety.yml": broken } });
    // Even a PR that touches nothing clinical: the gate cannot know that without a valid config.
    const pr = await PrDriver.open(h, { files: ["README.md"] });
    const check = h.gh.checkRuns.find((c) => c.headSha === h.gh.requirePull(pr.ref).headSha);
    expect(check?.name).toBe("Clinical safety");
    expect(check?.conclusion).toBe("failure");
    expect(check?.output.title).toBe("Configuration invalid: 2 problems");
    expect(check?.output.summary).toMatch(/rules\[1\]\.requires\[0\]/);
    expect(check?.output.summary).toMatch(/role "qa" is not defined/);
    expect(check?.output.summary).toMatch(/check\.nam|unknown key "nam"/);
    expect(check?.output.summary).toMatch(/\.github\/clinical-safety\.yml:\d+/);
    // No comment on every PR of the repository: the check says it.
    expect(h.gh.comments).toEqual([]);
  });

  it("a missing config: failure that says so", async () => {
    h = await startHarness({ files: {} });
    const pr = await PrDriver.open(h);
    expect(h.gh.checkRuns.find((c) => c.headSha === h.gh.requirePull(pr.ref).headSha)?.conclusion).toBe("failure");
  });

  it("a config read from the PR branch is never used: a PR cannot weaken its own gate", async () => {
    h = await startHarness();
    const pr = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Relax the gate",
      author: "dev",
      files: [
        { filename: ".github/clinical-safety.yml", content: "roles: { cso: { users: [dev] } }\nrules: []\n" },
        { filename: "src/prescribing/a.ts", content: "x" },
      ],
    });
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { owner: OWNER, repo: REPO, number: pr.number }));
    const check = h.gh.checkRuns.find((c) => c.headSha === pr.headSha);
    expect(check?.conclusion).toBe("action_required");
    const reads = h.gh.requestsMatching("GET", /contents\/\.github\/clinical-safety\.yml$/);
    expect(reads.map((r) => r.query.ref)).toEqual(["main"]);
  });

  it("an invalid hazard log on a relevant PR: failure naming the problems", async () => {
    const badLog = HAZARD_LOG_YML.replace("status: open", "status: opne");
    h = await startHarness({ files: { ".github/clinical-safety.yml": CONFIG_YML, "docs/safety/hazard-log.yml": badLog } });
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    expect(pr.check().conclusion).toBe("failure");
    expect(pr.check().output.title).toMatch(/Hazard log/i);
    expect(pr.check().output.summary).toMatch(/opne/);
  });

  it.each([
    ["listing the PR's files", "GET", /\/pulls\/\d+\/files$/, 502],
    ["reading the config", "GET", /\/contents\//, 500],
    ["checking team membership", "GET", /\/teams\/.*\/memberships\//, 500],
  ])("a GitHub API failure while %s: failure, never success", async (_what, method, path, status) => {
    h = await startHarness();
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().conclusion).toBe("success");

    // Later than the app reuses a membership answer for, so that it asks GitHub again.
    h.gh.tick(60);
    h.gh.failNext(method, path, status, 100);
    await expect(h.probot.receive(pullRequestEvent(h.gh, "edited", { ...pr.ref, sender: "dev" }))).rejects.toThrow();
    const check = pr.check();
    expect(check.conclusion).toBe("failure");
    expect(check.output.title).toMatch(/GitHub API error/);
    expect(check.output.summary).toContain(`HTTP ${status}`);
  });

  it("a storage failure (the working state unreadable): failure, never success", async () => {
    const store = new MemoryStore();
    h = await startHarness({ store });
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().conclusion).toBe("success");
    const down = () => Promise.reject(new Error("database unavailable"));
    const publishedCheck = store.publishedCheck.bind(store);
    store.publishedCheck = down;
    await expect(h.probot.receive(pullRequestEvent(h.gh, "edited", { ...pr.ref, sender: "dev" }))).rejects.toThrow();
    expect(pr.check().conclusion).toBe("failure");
    expect(pr.check().output.summary).toContain("database unavailable");
    // Storage back: the next evaluation puts the check right, though its content equals what the store
    // last remembered publishing (the failing check was published without it).
    store.publishedCheck = publishedCheck;
    await h.probot.receive(pullRequestEvent(h.gh, "edited", { ...pr.ref, sender: "dev" }));
    expect(pr.check().conclusion).toBe("success");
  });

  it("an audit trail that cannot be written: failure, and the passing conclusion is never published", async () => {
    const audit = new MemoryAuditStore();
    h = await startHarness({ audit });
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    audit.append = () => Promise.reject(new Error("audit database is read-only"));
    audit.appendAll = () => Promise.reject(new Error("audit database is read-only"));
    await expect(pr.comment("cleo", "/safety sign-off cso")).rejects.toThrow();
    expect(pr.check().conclusion).toBe("failure");
    expect(pr.check().output.summary).toContain("audit database is read-only");
    expect(h.gh.checkRuns.some((c) => c.conclusion === "success")).toBe(false);
  });

  it("a failure before anything is known still fails the head SHA named by the event", async () => {
    h = await startHarness();
    const pr = h.gh.openPullRequest({ owner: OWNER, repo: REPO, title: "x", author: "dev", files: [{ filename: "a.ts", content: "" }] });
    h.gh.failNext("GET", /\/pulls\/\d+$/, 503, 100);
    await expect(h.probot.receive(pullRequestEvent(h.gh, "opened", { owner: OWNER, repo: REPO, number: pr.number }))).rejects.toThrow();
    expect(h.gh.checkRuns.find((c) => c.headSha === pr.headSha)?.conclusion).toBe("failure");
  });
});
