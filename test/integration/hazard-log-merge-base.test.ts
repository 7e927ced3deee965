import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent } from "../simulator/payloads.js";
import { HAZARD_LOG_YML, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

const LOG = "docs/safety/hazard-log.yml";

/** HAZ-002's residual likelihood very-low → low: residual rating 3 → 4. What the PR under test does. */
const RESCORE_002 = (log: string) => log.replace(/(id: HAZ-002[\s\S]*?residual: \{ severity: catastrophic, likelihood: )very-low/, "$1low");
/** HAZ-004's residual likelihood medium → low: a re-score made on main after the PR branched. */
const RESCORE_004 = (log: string) => log.replace(/(id: HAZ-004[\s\S]*?residual: \{ severity: considerable, likelihood: )medium/, "$1low");
/** A hazard added on main after the PR branched. */
const ADD_011 = (log: string) => `${log.trimEnd()}
  - id: HAZ-011
    title: Rounded dose below the syringe's resolution
    initial: { severity: major, likelihood: medium }
    residual: { severity: major, likelihood: low }
    status: open
    owner: dr-cso
    raised: 2026-11-23
`;
/** HAZ-009 cut out (no other hazard refers to it, so the log stays valid). */
const DELETE_009 = (log: string) => log.slice(0, log.indexOf("  - id: HAZ-009")) + log.slice(log.indexOf("  - id: HAZ-010"));

/** The hazards named by the "Hazard log changes" lines of a comment or check text, with what happened to each. */
function logChanges(markdown: string): string[] {
  return [...markdown.matchAll(/^- (?:⛔ )?\*\*(Deleted|Added|Closed|Re-scored|Changed)\*\* `([^`]+)`/gm)].map((m) => `${m[1]} ${m[2]}`);
}

describe("An open PR's hazard-log changes are what it changed since it branched, not what its base did meanwhile", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** Opens a PR whose only change is the hazard log, replaced by `text`. */
  async function openLogPr(text: string, title = "Update the hazard log"): Promise<PrDriver> {
    const pr = h.gh.openPullRequest({ owner: OWNER, repo: REPO, title, author: "dev", files: [{ filename: LOG, content: text }] });
    const driver = new PrDriver(h, pr.number);
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...driver.ref, sender: "dev" }));
    return driver;
  }
  /** Another change to the log lands on main (a merged PR, a direct push). */
  function changeLogOnMain(edit: (log: string) => string): void {
    h.gh.tick(60);
    h.gh.commitToBranch(OWNER, REPO, "main", { [LOG]: edit(h.gh.getFile(OWNER, REPO, "main", LOG) ?? "") }, { message: "Log change on main" });
  }
  const compares = () => h.gh.requests.filter((r) => r.method === "GET" && r.path.includes("/compare/"));
  const logReads = () => h.gh.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/contents/${LOG}`));
  const headOf = (pr: PrDriver) => h.gh.requirePull(pr.ref).headSha;

  it("main gains HAZ-011 and re-scores HAZ-004 after the PR branched; the PR re-scores HAZ-002: only HAZ-002 is shown, nothing is deleted, the CSO's sign-off passes it", async () => {
    const pr = await openLogPr(RESCORE_002(HAZARD_LOG_YML), "Re-score HAZ-002");
    const branchedFrom = h.gh.requirePull(pr.ref).baseSha;
    changeLogOnMain(ADD_011);
    changeLogOnMain(RESCORE_004);
    // The base branch's tip really holds what the PR lacks: a diff against it would find HAZ-011 deleted.
    expect(h.gh.getFile(OWNER, REPO, "main", LOG)).toContain("id: HAZ-011");
    expect(h.gh.getFile(OWNER, REPO, headOf(pr), LOG)).not.toContain("id: HAZ-011");

    h.gh.clearRequests();
    await pr.comment("dev", "/safety recheck");
    expect(compares().map((r) => r.path)).toEqual([`/repos/${OWNER}/${REPO}/compare/main...${headOf(pr)}`]);
    // The log before the PR is read where it branched, never at the branch's tip.
    expect(logReads().map((r) => r.query.ref)).toEqual([headOf(pr), branchedFrom]);

    expect(logChanges(pr.sticky().body)).toEqual(["Re-scored HAZ-002", "Changed HAZ-002"]);
    expect(pr.sticky().body).toMatch(/\*\*Re-scored\*\* `HAZ-002`: residual 3 — undesirable → 4 — must be reduced/);
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso");
    expect(logChanges(pr.check().output.text ?? "")).toEqual(["Re-scored HAZ-002", "Changed HAZ-002"]);

    await pr.comment("cleo", "/safety sign-off");
    expect(pr.check().conclusion).toBe("success");
    expect(pr.sticky().body).not.toContain("Deleted");
  });

  it("a PR that really deletes a hazard is still refused, naming only that hazard, while main has moved on", async () => {
    const pr = await openLogPr(DELETE_009(HAZARD_LOG_YML), "Tidy the hazard log");
    changeLogOnMain(ADD_011);
    await pr.comment("cleo", "/safety sign-off cso");
    expect(compares()).not.toEqual([]);
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.check().output.title).toMatch(/^Hazard deleted from the log: HAZ-009(?!,)/);
    expect(pr.check().output.title).not.toContain("HAZ-011");
    expect(logChanges(pr.sticky().body)).toEqual(["Deleted HAZ-009"]);
  });

  it("a PR that leaves the log alone costs no comparison, at any event, even when main changed the log", async () => {
    h.gh.clearRequests();
    const pr = await PrDriver.open(h, { body: "Affects HAZ-002" });
    changeLogOnMain(ADD_011);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().conclusion).toBe("success");
    expect(compares()).toEqual([]);
    // The log is read only at the PR's head (for the hazards it links), as before.
    expect(new Set(logReads().map((r) => r.query.ref))).toEqual(new Set([headOf(pr)]));
  });

  it("a repeated event costs 304s: the comparison and the log where the PR branched are answered Not Modified until main moves", async () => {
    const pr = await openLogPr(RESCORE_002(HAZARD_LOG_YML));
    const branchedFrom = h.gh.requirePull(pr.ref).baseSha;
    h.gh.clearRequests();
    await pr.comment("dev", "/safety recheck");
    expect(compares().map((r) => r.status)).toEqual([304]);
    expect(logReads().map((r) => [r.query.ref, r.status])).toEqual([
      [headOf(pr), 304],
      [branchedFrom, 304],
    ]);

    // Main moves: the comparison is read afresh (it names main's new tip), the log where the PR branched is not.
    changeLogOnMain(ADD_011);
    h.gh.clearRequests();
    await pr.comment("dev", "/safety recheck");
    expect(compares().map((r) => r.status)).toEqual([200]);
    expect(logReads().map((r) => [r.query.ref, r.status])).toEqual([
      [headOf(pr), 304],
      [branchedFrom, 304],
    ]);
    expect(logChanges(pr.sticky().body)).toEqual(["Re-scored HAZ-002", "Changed HAZ-002"]);
  });

  /** An event that names the PR's head (so a failure can be published on it): the description edited. */
  const edited = (pr: PrDriver) => h.probot.receive(pullRequestEvent(h.gh, "edited", { ...pr.ref, sender: "dev" }));

  it("when GitHub fails the comparison, the check fails saying why, even after the CSO's sign-off", async () => {
    const pr = await openLogPr(RESCORE_002(HAZARD_LOG_YML));
    await pr.comment("cleo", "/safety sign-off");
    expect(pr.check().conclusion).toBe("success");
    h.gh.failNext("GET", /\/compare\//, 502, 100);
    await expect(edited(pr)).rejects.toThrow();
    const check = pr.check();
    expect(check.conclusion).toBe("failure");
    expect(check.output.title).toMatch(/GitHub API error/);
    expect(check.output.summary).toContain("HTTP 502");
    expect(check.output.summary).toContain("could not find where this PR branched from main to compare the hazard log with it");
  });

  it("when the PR shares no history with its base any more, the check fails saying why (never a diff against the unrelated tip)", async () => {
    const pr = await openLogPr(RESCORE_002(HAZARD_LOG_YML));
    await pr.comment("cleo", "/safety sign-off");
    expect(pr.check().conclusion).toBe("success");
    // main force-pushed to an unrelated history: a commit with no parent.
    const orphan = "0123456789abcdef0123456789abcdef01234567";
    h.gh.setFile(OWNER, REPO, orphan, ".github/clinical-safety.yml", h.gh.getFile(OWNER, REPO, "main", ".github/clinical-safety.yml") ?? "");
    h.gh.setFile(OWNER, REPO, orphan, LOG, HAZARD_LOG_YML);
    h.gh.requireRepo(OWNER, REPO).branches.main = orphan;
    await expect(edited(pr)).rejects.toThrow();
    const check = pr.check();
    expect(check.conclusion).toBe("failure");
    expect(check.output.summary).toContain("GitHub finds no commit where this PR branched from main");
  });
});
